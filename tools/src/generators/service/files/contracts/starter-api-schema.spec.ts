import { describe, expect, it } from 'vitest';
import { createStarterGreetingRequestSchema, starterGreetingSchema } from './starter-api-schema.js';

describe('createStarterGreetingRequestSchema', () => {
  it('when the name has spaces around it, then they are trimmed', () => {
    expect(createStarterGreetingRequestSchema.parse({ name: '  Ada ' })).toEqual({ name: 'Ada' });
  });

  it('when the name is empty, too long or not a string, or a field is unknown, then it fails', () => {
    for (const body of [
      {},
      { name: '   ' },
      { name: 'x'.repeat(101) },
      { name: 7 },
      { name: 'Ada', x: 1 },
    ])
      expect(createStarterGreetingRequestSchema.safeParse(body).success, JSON.stringify(body)).toBe(
        false,
      );
  });
});

describe('starterGreetingSchema', () => {
  it('when the id is not a uuid, then it fails', () => {
    const greeting = {
      id: 'nope',
      text: 'Hello, Ada!',
      servedBy: 'pod',
      createdAt: new Date().toISOString(),
    };
    expect(starterGreetingSchema.safeParse(greeting).success).toBe(false);
  });
});

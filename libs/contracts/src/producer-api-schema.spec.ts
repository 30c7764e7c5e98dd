import { describe, expect, it } from 'vitest';
import { publishRequestSchema } from './producer-api-schema.js';

describe('publishRequestSchema', () => {
  it('when given a payload, then it parses a single message', () => {
    expect(publishRequestSchema.parse({ payload: { a: 1 } })).toEqual({ payload: { a: 1 } });
  });

  it('when given a count, then it defaults payloadBytes', () => {
    expect(publishRequestSchema.parse({ count: 3 })).toEqual({ count: 3, payloadBytes: 64 });
  });

  it('when the count is out of range, then it fails', () => {
    expect(publishRequestSchema.safeParse({ count: 100_001 }).success).toBe(false);
    expect(publishRequestSchema.safeParse({ count: 0 }).success).toBe(false);
  });

  it('when the body has neither, then it fails', () => {
    expect(publishRequestSchema.safeParse({}).success).toBe(false);
    expect(publishRequestSchema.safeParse({ payload: 1, count: 2 }).success).toBe(false);
  });
});

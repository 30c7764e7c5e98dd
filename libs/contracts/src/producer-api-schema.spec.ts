import { describe, expect, it } from 'vitest';
import { publishRequestSchema, publishRequestSchemaFor } from './producer-api-schema.js';

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

describe('publishRequestSchemaFor', () => {
  it('when the body has a count, then it picks the batch schema and names the bad field', () => {
    const result = publishRequestSchemaFor({ count: 'x' }).safeParse({ count: 'x' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['count']);
  });

  it('when the body has no count, then it picks the single-message schema', () => {
    const result = publishRequestSchemaFor({}).safeParse({});
    expect(result.error?.issues[0]?.path).toEqual(['payload']);
  });
});

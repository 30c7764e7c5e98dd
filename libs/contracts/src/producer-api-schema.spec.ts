import { describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_BYTES } from './pipeline-payload-schema.js';
import {
  MAX_BATCH_BYTES,
  MAX_BATCH_COUNT,
  publishRequestSchema,
  publishRequestSchemaFor,
} from './producer-api-schema.js';

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

  it('when a batch would generate more than MAX_BATCH_BYTES, then it fails naming payloadBytes', () => {
    const largest = MAX_BATCH_BYTES / MAX_PAYLOAD_BYTES;
    expect(
      publishRequestSchema.safeParse({ count: largest, payloadBytes: MAX_PAYLOAD_BYTES }).success,
    ).toBe(true);
    const result = publishRequestSchemaFor({ count: 1 }).safeParse({
      count: largest + 1,
      payloadBytes: MAX_PAYLOAD_BYTES,
    });
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ['payloadBytes'],
        message: expect.stringContaining('64 MiB'),
      }),
    ]);
    expect(
      publishRequestSchema.safeParse({ count: MAX_BATCH_COUNT, payloadBytes: MAX_PAYLOAD_BYTES })
        .success,
    ).toBe(false);
  });

  it('when the count is not a number, then only the count is named', () => {
    const result = publishRequestSchemaFor({ count: 1 }).safeParse({ count: 'ten' });
    expect(result.error?.issues.map((i) => i.path)).toEqual([['count']]);
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

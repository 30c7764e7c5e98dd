import { z } from 'zod';

export const MAX_BATCH_COUNT = 100_000;
export const MAX_PAYLOAD_BYTES = 65_536;

export const singleMessageSchema = z.strictObject({
  payload: z.json().refine((v) => v !== undefined, 'payload is required'),
});

export const batchMessagesSchema = z.strictObject({
  count: z.int().min(1).max(MAX_BATCH_COUNT),
  payloadBytes: z.int().min(0).max(MAX_PAYLOAD_BYTES).default(64),
});

/** `POST /api/producer/messages`: one message with a payload, or a generated batch. */
export const publishRequestSchema = z.union([singleMessageSchema, batchMessagesSchema]);

/** The branch a body means, so validation errors name its fields instead of "no union member matched". */
export function publishRequestSchemaFor(
  body: unknown,
): typeof singleMessageSchema | typeof batchMessagesSchema {
  return typeof body === 'object' && body !== null && 'count' in body
    ? batchMessagesSchema
    : singleMessageSchema;
}
export type PublishRequest = z.infer<typeof publishRequestSchema>;

export const publishResponseSchema = z.object({
  accepted: z.int(),
  id: z.uuid().optional(),
  correlationId: z.string(),
});
export type PublishResponse = z.infer<typeof publishResponseSchema>;

import { z } from 'zod';
import { MAX_PAYLOAD_BYTES, pipelinePayloadSchema } from './pipeline-payload-schema.js';

export const MAX_BATCH_COUNT = 100_000;
/**
 * The most payload bytes one batch request may generate (count × payloadBytes): 64 MiB. The
 * producer streams a batch a window at a time, so its memory does not grow with this; the cap
 * bounds the rest of what one unauthenticated request costs. 64 MiB reaches the broker and the
 * consumer's table in seconds, well inside an Ingress' 60 s read timeout, and even a producer
 * that held a whole batch in memory (the envelopes and buffers cost ~1.2× the payload) would
 * stay at about a third of its 256 Mi pod limit. Bigger loads are several requests.
 */
export const MAX_BATCH_BYTES = 64 * 1024 * 1024;

export const singleMessageSchema = z.strictObject({
  payload: pipelinePayloadSchema,
});

export const batchMessagesSchema = z
  .strictObject({
    count: z.int().min(1).max(MAX_BATCH_COUNT),
    payloadBytes: z.int().min(0).max(MAX_PAYLOAD_BYTES).default(64),
  })
  .refine((batch) => batch.count * batch.payloadBytes <= MAX_BATCH_BYTES, {
    message: `count × payloadBytes must be at most ${MAX_BATCH_BYTES} bytes (64 MiB) per request; send several requests`,
    path: ['payloadBytes'],
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

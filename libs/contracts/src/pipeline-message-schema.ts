import { z } from 'zod';
import { pipelinePayloadSchema } from './pipeline-payload-schema.js';

/** What travels from producer to consumer over RabbitMQ, as the message body. */
export const pipelineMessageSchema = z.object({
  id: z.uuid(),
  correlationId: z.string().min(1).max(128),
  createdAt: z.iso.datetime(),
  payload: pipelinePayloadSchema,
});
export type PipelineMessage = z.infer<typeof pipelineMessageSchema>;

/**
 * Where pipeline messages travel unless AMQP_EXCHANGE / AMQP_QUEUE say otherwise: the producer
 * publishes to the exchange, the consumer replicas share the queue. Both default to these.
 */
export const PIPELINE_WORK_QUEUE = {
  exchange: 'podlab.pipeline',
  queue: 'podlab.pipeline.messages',
} as const;

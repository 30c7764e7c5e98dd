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

import { z } from 'zod';

/** What travels from producer to consumer over RabbitMQ, as the message body. */
export const pipelineMessageSchema = z.object({
  id: z.uuid(),
  correlationId: z.string().min(1).max(128),
  createdAt: z.iso.datetime(),
  payload: z.json(),
});
export type PipelineMessage = z.infer<typeof pipelineMessageSchema>;

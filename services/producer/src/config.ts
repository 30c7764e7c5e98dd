import { baseConfigSchema, urlWithScheme } from '@podlab/kit';
import { z } from 'zod';

/** Every environment variable the producer reads. Kubernetes: AMQP_URL from the Secret, the rest from the ConfigMap. */
export const configSchema = baseConfigSchema.extend({
  AMQP_URL: urlWithScheme('amqp', 'amqps').describe(
    'RabbitMQ connection URL with credentials (a Secret)',
  ),
  PIPELINE_EXCHANGE: z
    .string()
    .min(1)
    .default('podlab.pipeline')
    .describe('Exchange messages are published to'),
  PIPELINE_QUEUE: z
    .string()
    .min(1)
    .default('podlab.pipeline.messages')
    .describe('Queue the consumer reads (the "channel name")'),
  PIPELINE_DELIVERY_LIMIT: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(5)
    .describe('Deliveries before a message is dead-lettered'),
  PUBLISH_CONFIRM_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(5_000)
    .describe('How long to wait for broker confirms before answering 503'),
});
export type Config = z.infer<typeof configSchema>;

import { baseConfigSchema, urlWithScheme } from '@podlab/kit';
import { z } from 'zod';

/** Every environment variable the consumer reads. Kubernetes: the URLs from the Secret, the rest from the ConfigMap. */
export const configSchema = baseConfigSchema.extend({
  AMQP_URL: urlWithScheme('amqp', 'amqps').describe(
    'RabbitMQ connection URL with credentials (a Secret)',
  ),
  MYSQL_URL: urlWithScheme('mysql').describe(
    'mysql://user:password@host:3306/pipeline — the consumer schema and user (a Secret)',
  ),
  PIPELINE_EXCHANGE: z
    .string()
    .min(1)
    .default('podlab.pipeline')
    .describe('Exchange the queue is bound to'),
  PIPELINE_QUEUE: z
    .string()
    .min(1)
    .default('podlab.pipeline.messages')
    .describe('Queue to consume (the "channel name")'),
  PIPELINE_DELIVERY_LIMIT: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(5)
    .describe('Deliveries before a message is dead-lettered'),
  CONSUMER_PREFETCH: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(1_000)
    .describe('Unacked messages the broker may send ahead'),
  CONSUMER_BATCH_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(5_000)
    .default(500)
    .describe('Rows written per transaction'),
  CONSUMER_BATCH_WAIT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(5_000)
    .default(20)
    .describe('How long a partial batch waits for more messages'),
  HOUSEKEEPING_RETENTION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 366)
    .default(168)
    .describe('Processed messages older than this are pruned (168: a week)'),
  HOUSEKEEPING_INTERVAL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(86_400)
    .default(300)
    .describe('Pause between housekeeping runs; only the lease holder runs them'),
  LEASE_NAME: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/, 'must be a Kubernetes object name')
    .default('consumer-housekeeping')
    .describe(
      'coordination.k8s.io Lease that elects the one replica doing housekeeping; the Role in k8s/consumer/rbac.yaml names it',
    ),
});
export type Config = z.infer<typeof configSchema>;

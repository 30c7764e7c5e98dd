import { PIPELINE_WORK_QUEUE } from '@podlab/contracts';
import { baseConfigSchema } from '@podlab/kit';
import { mysqlConfig } from '@podlab/kit/db';
import { batchConsumerConfig, workQueueConfig } from '@podlab/kit/messaging';
import { z } from 'zod';

/** Every environment variable the consumer reads. Kubernetes: the URLs from the Secret, the rest from the ConfigMap. */
export const configSchema = baseConfigSchema.extend({
  ...mysqlConfig('pipeline'),
  ...workQueueConfig(PIPELINE_WORK_QUEUE),
  // Large batches: a message is one small row, and rows per transaction is what makes it fast.
  // Two batches commit at once (acks stay in order); the prefetch covers them and the one filling.
  ...batchConsumerConfig({ prefetch: 1_500, batchSize: 500, commitsInFlight: 2 }),
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

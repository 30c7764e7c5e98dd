import { PIPELINE_WORK_QUEUE } from '@podlab/contracts';
import { baseConfigSchema } from '@podlab/kit';
import { confirmPublisherConfig, workQueueConfig } from '@podlab/kit/messaging';
import type { z } from 'zod';

/** Every environment variable the producer reads. Kubernetes: AMQP_URL from the Secret, the rest from the ConfigMap. */
export const configSchema = baseConfigSchema.extend({
  ...workQueueConfig(PIPELINE_WORK_QUEUE),
  ...confirmPublisherConfig,
});
export type Config = z.infer<typeof configSchema>;

import { baseConfigSchema } from '@podlab/kit';
// #if auth
import { jwtVerifierConfig } from '@podlab/kit/auth';
// #endif
// #if database
import { mysqlConfig } from '@podlab/kit/db';
// #endif
// #if amqp
import { workQueueConfig } from '@podlab/kit/messaging';
// #endif
// #if producer
import { confirmPublisherConfig } from '@podlab/kit/messaging';
// #endif
// #if consumer
import { batchConsumerConfig } from '@podlab/kit/messaging';
// #endif
import { z } from 'zod';

/**
 * Every environment variable the starter service reads, parsed once at start-up: a missing or
 * bad one stops it with a message naming the key. Kubernetes: the URLs (they hold passwords)
 * come from the Secret `starter-secrets`, the rest from the ConfigMap `starter-config`. The
 * kit's fragments name the database, broker and token keys as every service names them.
 */
export const configSchema = baseConfigSchema.extend({
  GREETING_WORD: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .default('Hello')
    .describe('The word each greeting starts with'),
  // #if auth
  ...jwtVerifierConfig,
  // #endif
  // #if database
  ...mysqlConfig('__SNAKE__'),
  // #endif
  // #if amqp
  ...workQueueConfig({ exchange: 'podlab.starter', queue: 'podlab.starter.greetings' }),
  // #endif
  // #if producer
  ...confirmPublisherConfig,
  // #endif
  // #if consumer
  ...batchConsumerConfig({ prefetch: 100, batchSize: 50 }),
  // #endif
});
export type Config = z.infer<typeof configSchema>;

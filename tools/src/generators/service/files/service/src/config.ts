import { baseConfigSchema } from '@podlab/kit';
// #if secrets|auth
import { urlWithScheme } from '@podlab/kit';
// #endif
import { z } from 'zod';

/**
 * Every environment variable the starter service reads, parsed once at start-up: a missing or
 * bad one stops it with a message naming the key. Kubernetes: the URLs (they hold passwords)
 * come from the Secret `starter-secrets`, the rest from the ConfigMap `starter-config`.
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
  JWKS_URL: urlWithScheme('http', 'https').describe(
    "auth's public keys, found by Service name: http://auth:3000/api/auth/.well-known/jwks.json",
  ),
  JWT_ISSUER: z
    .string()
    .min(1)
    .default('podlab-auth')
    .describe('The `iss` an access token must carry (what auth signs with)'),
  JWT_AUDIENCE: z
    .string()
    .min(1)
    .default('podlab')
    .describe('The `aud` an access token must carry'),
  // #endif
  // #if database
  MYSQL_URL: urlWithScheme('mysql').describe(
    'mysql://user:password@host:3306/schema — the starter schema and its own user (a Secret)',
  ),
  MYSQL_POOL_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(10)
    .describe('Database connections per replica'),
  // #endif
  // #if amqp
  AMQP_URL: urlWithScheme('amqp', 'amqps').describe(
    'RabbitMQ connection URL with credentials (a Secret)',
  ),
  AMQP_EXCHANGE: z
    .string()
    .min(1)
    .default('podlab.starter')
    .describe('Exchange greetings are published to'),
  AMQP_QUEUE: z
    .string()
    .min(1)
    .default('podlab.starter.greetings')
    .describe('Durable work queue bound to the exchange (its name is the routing key)'),
  AMQP_DELIVERY_LIMIT: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(5)
    .describe('Deliveries before a message that keeps failing is dead-lettered'),
  // #endif
  // #if producer
  PUBLISH_CONFIRM_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(5_000)
    .describe('How long to wait for broker confirms before answering 503'),
  // #endif
  // #if consumer
  CONSUMER_PREFETCH: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(100)
    .describe('Unacked messages the broker may send ahead'),
  CONSUMER_BATCH_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000)
    .default(50)
    .describe('Messages handled (and acked) together'),
  CONSUMER_BATCH_WAIT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(5_000)
    .default(20)
    .describe('How long a partial batch waits for more messages'),
  // #endif
});
export type Config = z.infer<typeof configSchema>;

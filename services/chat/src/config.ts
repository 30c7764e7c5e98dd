import { baseConfigSchema, urlWithScheme } from '@podlab/kit';
import { z } from 'zod';

/** Every environment variable chat reads. Kubernetes: the URLs with passwords from the Secret, the rest from the ConfigMap. */
export const configSchema = baseConfigSchema.extend({
  MYSQL_URL: urlWithScheme('mysql').describe(
    'mysql://user:password@host:3306/chat — chat’s own schema and user (a Secret)',
  ),
  AMQP_URL: urlWithScheme('amqp', 'amqps').describe(
    'RabbitMQ connection URL with credentials (a Secret)',
  ),
  JWKS_URL: urlWithScheme('http', 'https').describe(
    'auth’s public keys, by Service name in the cluster: http://auth:3000/api/auth/.well-known/jwks.json',
  ),
  JWT_ISSUER: z
    .string()
    .min(1)
    .default('podlab-auth')
    .describe('The `iss` every access token must carry'),
  JWT_AUDIENCE: z
    .string()
    .min(1)
    .default('podlab')
    .describe('The `aud` every access token must carry'),
  CHAT_EXCHANGE: z
    .string()
    .min(1)
    .default('podlab.chat')
    .describe('Fan-out exchange every chat replica publishes new messages to and listens on'),
  ROOM_CREATE_MAX_PER_USER: count(10).describe(
    'Rooms one user may create within ROOM_CREATE_RATE_WINDOW_SECONDS before 429 (counted in the database: every replica shares the count)',
  ),
  ROOM_CREATE_RATE_WINDOW_SECONDS: windowSeconds(3_600).describe(
    'The window the room counts live in',
  ),
  MESSAGE_POST_MAX_PER_USER: count(60).describe(
    'Messages one user may post within MESSAGE_POST_RATE_WINDOW_SECONDS before 429, all rooms together (shared by every replica)',
  ),
  MESSAGE_POST_RATE_WINDOW_SECONDS: windowSeconds(60).describe(
    'The window the message counts live in',
  ),
  STREAMS_MAX_PER_USER: count(10, 1_000).describe(
    'Live (SSE) streams one user may hold open at once, on all replicas together, before 429 (a tab follows one room at a time)',
  ),
});

function count(fallback: number, max = 1_000_000) {
  return z.coerce.number().int().min(1).max(max).default(fallback);
}

function windowSeconds(fallback: number) {
  return z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3_600)
    .default(fallback);
}
export type Config = z.infer<typeof configSchema>;

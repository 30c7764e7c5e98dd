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
});
export type Config = z.infer<typeof configSchema>;

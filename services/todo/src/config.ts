import { baseConfigSchema, urlWithScheme } from '@podlab/kit';
import { z } from 'zod';

/** Every environment variable the todo service reads. Kubernetes: MYSQL_URL from the Secret, the rest from the ConfigMap. */
export const configSchema = baseConfigSchema.extend({
  MYSQL_URL: urlWithScheme('mysql').describe(
    'mysql://user:password@host:3306/todo — the todo schema and user (a Secret)',
  ),
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
  TODO_MAX_PER_USER: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(1_000)
    .describe('Todos one user may keep; creating one more answers 409 TODO_LIMIT_REACHED'),
  MYSQL_POOL_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(10)
    .describe('Database connections per replica'),
});
export type Config = z.infer<typeof configSchema>;

import { baseConfigSchema } from '@podlab/kit';
import { jwtVerifierConfig } from '@podlab/kit/auth';
import { mysqlConfig } from '@podlab/kit/db';
import { z } from 'zod';

/** Every environment variable the todo service reads. Kubernetes: MYSQL_URL from the Secret, the rest from the ConfigMap. */
export const configSchema = baseConfigSchema.extend({
  ...mysqlConfig('todo'),
  ...jwtVerifierConfig,
  TODO_MAX_PER_USER: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(1_000)
    .describe('Todos one user may keep; creating one more answers 409 TODO_LIMIT_REACHED'),
});
export type Config = z.infer<typeof configSchema>;

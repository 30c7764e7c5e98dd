import { z } from 'zod';
import { urlWithScheme, type ConfigOf } from '../config/load-config.js';

/**
 * The database keys of a service's config schema, spread into its `baseConfigSchema.extend`:
 * every service names and sizes its database the same way.
 */
export const mysqlConfig = (schema: string) => ({
  MYSQL_URL: urlWithScheme('mysql').describe(
    `mysql://user:password@host:3306/${schema} — the ${schema} schema and its own user (a Secret)`,
  ),
  MYSQL_POOL_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(10)
    .describe('Database connections per replica'),
});

/** What `mysqlConfig` adds to a service's config. */
export type MysqlConfig = ConfigOf<ReturnType<typeof mysqlConfig>>;

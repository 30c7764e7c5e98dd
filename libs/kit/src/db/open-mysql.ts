import type { Logger } from 'pino';
import type { Lifecycle } from '../lifecycle/lifecycle.js';
import { runMigrations, type Migration } from './migrations.js';
import type { MysqlConfig } from './mysql-config.js';
import { createMysqlPool, type Pool } from './mysql-pool.js';

/**
 * A service's database as its wiring wants it: a pool of MYSQL_POOL_SIZE connections (closed at
 * shutdown after everything registered later), migrated before anything else can use it.
 */
export async function openMysql(
  config: MysqlConfig,
  migrations: Migration[],
  { lifecycle, logger }: { lifecycle: Lifecycle; logger: Logger },
): Promise<Pool> {
  const pool = createMysqlPool(config.MYSQL_URL, lifecycle, {
    connectionLimit: config.MYSQL_POOL_SIZE,
  });
  await runMigrations(pool, migrations, logger);
  return pool;
}

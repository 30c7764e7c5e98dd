import { RateLimiterMySQL, RateLimiterRes } from 'rate-limiter-flexible';
import type { Pool, RowDataPacket } from '../db/mysql-pool.js';

export type { RateLimiterMySQL as MysqlLimiter };

/** The attempt may go ahead, or must wait this long. */
export type Admission = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface MysqlLimit {
  /**
   * A table of the service's schema, created by its migrations in the library's layout — it
   * inserts positionally, so exactly: `key` VARCHAR(255) primary key (utf8mb4_bin, so any
   * key counts apart), `points` INT NOT NULL DEFAULT 0, `expire` BIGINT UNSIGNED NULL.
   */
  table: string;
  keyPrefix: string;
  points: number;
  windowSeconds: number;
}

/**
 * Counts per key in MySQL, so every replica sees the same counts: rate-limiter-flexible's
 * MySQL store, whose upsert-then-read in one transaction is atomic on MySQL and MariaDB alike.
 * A fixed window: the first attempt of a key starts it, `points` attempts fit in it.
 */
export function mysqlLimiter(pool: Pool, schema: string, limit: MysqlLimit): RateLimiterMySQL {
  return new RateLimiterMySQL({
    // The library speaks the callback API: the promise pool's underlying pool.
    storeClient: pool.pool,
    storeType: 'pool',
    dbName: schema,
    tableName: limit.table,
    tableCreated: true,
    keyPrefix: limit.keyPrefix,
    points: limit.points,
    duration: limit.windowSeconds,
  });
}

/** Counts one attempt against each limiter's key; refused when any is over its limit. */
export async function admitAll(counts: [RateLimiterMySQL, string][]): Promise<Admission> {
  const results = await Promise.allSettled(counts.map(([limiter, key]) => limiter.consume(key)));
  let waitMs = 0;
  for (const result of results) {
    if (result.status === 'fulfilled') continue;
    if (!(result.reason instanceof RateLimiterRes)) throw result.reason;
    waitMs = Math.max(waitMs, result.reason.msBeforeNext);
  }
  return results.some((r) => r.status === 'rejected')
    ? { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) }
    : { allowed: true };
}

/** The schema the pool's connections use (the limiter names its table with it). */
export async function currentSchema(pool: Pool): Promise<string> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT DATABASE() AS name');
  const name = rows[0]?.name;
  if (typeof name !== 'string') throw new Error('the MySQL connection has no default schema');
  return name;
}

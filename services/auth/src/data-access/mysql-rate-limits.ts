import type { Pool } from '@podlab/kit/db';
import { RateLimiterMySQL, RateLimiterRes } from 'rate-limiter-flexible';

/** The attempt may go ahead, or must wait this long. */
export type Admission = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface MysqlLimit {
  /** A table of auth's schema in the library's layout, created by a migration. */
  table: string;
  keyPrefix: string;
  points: number;
  windowSeconds: number;
}

/**
 * Counts per key in MySQL, so every auth replica sees the same counts: rate-limiter-flexible's
 * MySQL store, whose upsert-then-read in one transaction is atomic on MySQL and MariaDB alike.
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

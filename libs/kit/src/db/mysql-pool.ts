import { createPool, type Pool } from 'mysql2/promise';
import type { Lifecycle } from '../lifecycle/lifecycle.js';

export type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';

export interface MysqlPoolOptions {
  connectionLimit?: number;
}

/** A mysql2 pool that closes itself on shutdown, after everything registered later is closed. */
export function createMysqlPool(
  url: string,
  lifecycle: Lifecycle,
  options: MysqlPoolOptions = {},
): Pool {
  const pool = createPool({
    uri: url,
    connectionLimit: options.connectionLimit ?? 10,
    // Fail fast when the server is down, so callers back off instead of hanging.
    connectTimeout: 5_000,
    enableKeepAlive: true,
    timezone: 'Z',
    dateStrings: false,
    supportBigNumbers: true,
    bigNumberStrings: false,
  });
  lifecycle.onShutdown('mysql pool', () => pool.end());
  return pool;
}

/** Readiness: the database answers a trivial query. */
export async function pingMysql(pool: Pool): Promise<void> {
  await pool.query('SELECT 1');
}

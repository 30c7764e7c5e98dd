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

const connectionErrorCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_CLIENT_INTERACTION_TIMEOUT',
]);

/**
 * True when a failure is about reaching the database (worth waiting out and retrying), false
 * when the statement itself is wrong for this data (retrying will never help).
 */
export function isTransientMysqlError(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  if (code && connectionErrorCodes.has(code)) return true;
  const fatal = (error as { fatal?: boolean })?.fatal;
  return (
    fatal === true ||
    /closed state|Pool is closed|connect ETIMEDOUT|Connection lost/i.test(
      String((error as Error)?.message),
    )
  );
}

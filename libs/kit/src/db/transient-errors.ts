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

import type { EventStream } from '@podlab/kit';
import { tokenExpiryOf, unauthenticated } from '@podlab/kit/auth';
import type { RequestHandler } from 'express';

/** setTimeout holds at most 2^31-1 ms (about 24.8 days): a later deadline is waited for in steps. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * The kit lets a token a few seconds past `exp` in (clock tolerance between replicas); a stream
 * that would end at once is better not opened.
 */
export const refuseExpiredToken: RequestHandler = (_req, res, next) => {
  if (tokenExpiryOf(res) <= Date.now()) throw unauthenticated('The access token has expired');
  next();
};

/**
 * Calls `expire` once `expiresAt` (epoch ms) has passed, unless the stream closes first. The
 * deadline is checked against the clock when the timer fires, so it never ends a stream early.
 */
export function endAtExpiry(
  stream: Pick<EventStream, 'onClose'>,
  expiresAt: number,
  expire: (expiresAt: number) => void,
): void {
  let timer: NodeJS.Timeout | undefined;
  const check = () => {
    const left = expiresAt - Date.now();
    if (left <= 0) return expire(expiresAt);
    timer = setTimeout(check, Math.min(left, MAX_TIMEOUT_MS));
    // Like the heartbeat: an open stream alone does not keep the process alive.
    timer.unref();
  };
  stream.onClose(() => clearTimeout(timer));
  check();
}

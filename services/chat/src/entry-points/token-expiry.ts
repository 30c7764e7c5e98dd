import type { EventStream } from '@podlab/kit';
import { unauthenticated, userOf, type AuthUser, type JwtVerifier } from '@podlab/kit/auth';
import type { Response } from 'express';

/** setTimeout holds at most 2^31-1 ms (about 24.8 days): a later deadline is waited for in steps. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

interface ExpiringUser extends AuthUser {
  /** The token's `exp` in epoch ms; undefined for a token without one (it never expires). */
  tokenExpiresAt: number | undefined;
}

/**
 * The kit's verifier answers who the caller is, not until when; a stream has to end when its
 * token does, so this one also keeps `exp`. It decodes the payload only after the kit verified
 * the token, so the payload is known to be signed, intact JSON. A token already past `exp` (the
 * kit's clock tolerance still lets it in) is refused here: a stream that would end at once is
 * better not opened.
 */
export function expiringVerifier(verifier: JwtVerifier): JwtVerifier {
  return {
    async verify(token) {
      const user = await verifier.verify(token);
      const tokenExpiresAt = expiryOf(token);
      if (tokenExpiresAt !== undefined && tokenExpiresAt <= Date.now())
        throw unauthenticated('The access token has expired');
      const expiring: ExpiringUser = { ...user, tokenExpiresAt };
      return expiring;
    },
  };
}

/** When the token of a request that passed `requireAuth(expiringVerifier(...))` expires. */
export function tokenExpiryOf(res: Response): number | undefined {
  const user = userOf(res);
  if (!('tokenExpiresAt' in user))
    throw new Error('tokenExpiryOf called on a route without requireAuth(expiringVerifier(...))');
  return typeof user.tokenExpiresAt === 'number' ? user.tokenExpiresAt : undefined;
}

/**
 * Calls `expire` once `expiresAt` (epoch ms) has passed, unless the stream closes first. The
 * deadline is checked against the clock when the timer fires, so it never ends a stream early.
 */
export function endAtExpiry(
  stream: Pick<EventStream, 'onClose'>,
  expiresAt: number | undefined,
  expire: (expiresAt: number) => void,
): void {
  if (expiresAt === undefined) return;
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

function expiryOf(token: string): number | undefined {
  const payload: unknown = JSON.parse(
    Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
  );
  const exp =
    typeof payload === 'object' && payload !== null && 'exp' in payload ? payload.exp : undefined;
  return typeof exp === 'number' ? exp * 1000 : undefined;
}

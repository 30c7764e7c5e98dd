import type { JwtVerifier, VerifiedUser } from './jwt-verifier.js';

export interface VerifiedTokenCacheOptions {
  /** Tokens remembered at most; the oldest is forgotten first. */
  maxEntries?: number;
  /** How long a verified token is trusted without checking its signature again. */
  maxAgeMs?: number;
  now?: () => number;
}

/**
 * Remembers tokens that verified, so a client sending the same access token on every request
 * pays for one EdDSA signature check, not one per request (that check is the biggest CPU cost
 * of a small read). Keyed by the whole token, signature included: a token altered in any way
 * is a different key and is verified in full. Failures are never remembered. An entry ends at
 * the token's `exp` or after `maxAgeMs`, whichever comes first; jose keeps auth's keys cached
 * for longer than that anyway, so this does not extend how long a withdrawn key is trusted.
 */
export function withVerifiedTokenCache(
  verifier: JwtVerifier,
  { maxEntries = 10_000, maxAgeMs = 60_000, now = Date.now }: VerifiedTokenCacheOptions = {},
): JwtVerifier {
  const verified = new Map<string, { user: VerifiedUser; until: number }>();
  return {
    async verify(token) {
      const hit = verified.get(token);
      if (hit && hit.until > now()) return hit.user;
      verified.delete(token);
      const user = await verifier.verify(token);
      const until = Math.min(now() + maxAgeMs, user.tokenExpiresAt);
      if (verified.size >= maxEntries) verified.delete(verified.keys().next().value as string);
      verified.set(token, { user, until });
      return user;
    },
  };
}

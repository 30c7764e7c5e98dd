import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { AppError } from '../errors/app-error.js';
import { withVerifiedTokenCache, type VerifiedTokenCacheOptions } from './verified-token-cache.js';

/** Who a valid access token says the caller is. */
export interface AuthUser {
  id: string;
  username: string;
}

/** The caller, and until when the token that says so holds. */
export interface VerifiedUser extends AuthUser {
  /** The token's `exp`, in epoch ms: an open stream ends there. */
  tokenExpiresAt: number;
}

export interface JwtVerifierOptions {
  /** auth's JWKS, found by Service name in the cluster, e.g. http://auth:3000/api/auth/.well-known/jwks.json */
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** Only these algorithms are accepted: a token claiming `none` or HS256 never verifies. */
  algorithms?: string[];
  /** Remembering tokens that verified (see withVerifiedTokenCache); `false` checks every time. */
  cache?: VerifiedTokenCacheOptions | false;
}

export interface JwtVerifier {
  verify(token: string): Promise<VerifiedUser>;
}

/**
 * Verifies access tokens locally against auth's public keys: no call to auth per request.
 * jose's remote key set caches the keys and refetches them when a token names an unknown
 * key id (a key rotation), with a cooldown so bad tokens cannot hammer auth.
 */
export function createJwtVerifier(
  options: JwtVerifierOptions,
  keys?: JWTVerifyGetKey,
): JwtVerifier {
  const keySet =
    keys ??
    createRemoteJWKSet(new URL(options.jwksUrl), {
      cooldownDuration: 30_000,
      timeoutDuration: 5_000,
    });
  const verifier: JwtVerifier = {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keySet, {
          issuer: options.issuer,
          audience: options.audience,
          algorithms: options.algorithms ?? ['EdDSA'],
          // A token that never expires would outlive any sign-out.
          requiredClaims: ['exp'],
          clockTolerance: 5,
        });
        if (typeof payload.sub !== 'string' || typeof payload.username !== 'string') {
          throw unauthenticated('The access token has no subject');
        }
        return {
          id: payload.sub,
          username: payload.username,
          tokenExpiresAt: (payload.exp as number) * 1000,
        };
      } catch (error) {
        if (error instanceof AppError) throw error;
        if (keysUnavailable(error)) {
          // auth's keys could not be fetched: the token may be fine, we cannot tell.
          throw new AppError('AUTH_UNAVAILABLE', 'Token keys are unavailable; retry later', {
            status: 503,
            retryAfterSeconds: 5,
            cause: error,
          });
        }
        if (error instanceof errors.JWTExpired)
          throw unauthenticated('The access token has expired', error);
        throw unauthenticated('The access token is not valid', error);
      }
    },
  };
  return options.cache === false ? verifier : withVerifiedTokenCache(verifier, options.cache);
}

/**
 * The keys could not be had — auth unreachable, timing out, or answering something other than
 * a key set (a 5xx from a proxy) — as opposed to a token that failed against good keys. jose
 * reports a non-200 or non-JSON answer as its base JOSEError, which no token problem uses.
 */
function keysUnavailable(error: unknown): boolean {
  if (!(error instanceof errors.JOSEError)) return true;
  return (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    error.code === errors.JOSEError.code
  );
}

export function unauthenticated(message: string, cause?: unknown): AppError {
  return new AppError('UNAUTHENTICATED', message, { status: 401, cause });
}

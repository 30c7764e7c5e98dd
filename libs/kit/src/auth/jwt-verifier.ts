import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { AppError } from '../errors/app-error.js';

/** Who a valid access token says the caller is. */
export interface AuthUser {
  id: string;
  username: string;
}

export interface JwtVerifierOptions {
  /** auth's JWKS, found by Service name in the cluster, e.g. http://auth:3000/api/auth/.well-known/jwks.json */
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** Only these algorithms are accepted: a token claiming `none` or HS256 never verifies. */
  algorithms?: string[];
}

export interface JwtVerifier {
  verify(token: string): Promise<AuthUser>;
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
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keySet, {
          issuer: options.issuer,
          audience: options.audience,
          algorithms: options.algorithms ?? ['EdDSA'],
          clockTolerance: 5,
        });
        if (typeof payload.sub !== 'string' || typeof payload.username !== 'string') {
          throw unauthenticated('The access token has no subject');
        }
        return { id: payload.sub, username: payload.username };
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

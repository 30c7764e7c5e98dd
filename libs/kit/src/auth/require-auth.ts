import type { Request, RequestHandler, Response } from 'express';
import {
  type AuthUser,
  type JwtVerifier,
  unauthenticated,
  type VerifiedUser,
} from './jwt-verifier.js';

/**
 * Route guard: a valid `Authorization: Bearer <token>` or 401 UNAUTHENTICATED. The user is
 * kept on res.locals for the handler (userOf). `allowQueryToken` is for EventSource, which
 * cannot send headers: only the SSE route that needs it turns it on.
 */
export function requireAuth(
  verifier: JwtVerifier,
  options: { allowQueryToken?: boolean } = {},
): RequestHandler {
  return async (req, res, next) => {
    const token = bearerToken(req) ?? (options.allowQueryToken ? queryToken(req) : undefined);
    if (!token) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      throw unauthenticated('Sign in first: send Authorization: Bearer <access token>');
    }
    res.locals.user = await verifier.verify(token);
    next();
  };
}

/** The signed-in user of a request that passed requireAuth. */
export function userOf(res: Response): AuthUser {
  return verifiedUserOf(res, 'userOf');
}

/** When the access token of a request that passed requireAuth expires, in epoch ms. */
export function tokenExpiryOf(res: Response): number {
  return verifiedUserOf(res, 'tokenExpiryOf').tokenExpiresAt;
}

function verifiedUserOf(res: Response, caller: string): VerifiedUser {
  const user = res.locals.user as VerifiedUser | undefined;
  if (!user) throw new Error(`${caller} called on a route without requireAuth`);
  return user;
}

function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

/**
 * express's query parser decodes names, so `?access%5Ftoken=` arrives here as access_token;
 * logSafeUrl compares names decoded the same way, so whatever is accepted here is redacted there.
 * A repeated parameter (an array) is refused: which copy is the token would be a guess.
 */
function queryToken(req: Request): string | undefined {
  const value = req.query.access_token;
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

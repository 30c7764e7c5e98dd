import { REFRESH_COOKIE_NAME, REFRESH_COOKIE_PATH } from '@podlab/contracts';
import type { CookieOptions, Request, Response } from 'express';

/** `true`/`false`, or `auto`: Secure exactly when the request came over TLS (COOKIE_SECURE). */
export type CookieSecurity = boolean | 'auto';

/**
 * The refresh token's cookie: httpOnly (no script reads it), SameSite=Strict (no other site's
 * page sends it), scoped to /api/auth, Secure wherever TLS is: `req.secure` is true on a TLS
 * socket or when a proxy TRUST_PROXY trusts says `X-Forwarded-Proto: https`.
 */
export class RefreshCookie {
  constructor(private readonly security: CookieSecurity) {}

  set(req: Request, res: Response, token: string, ttlSeconds: number): void {
    res.cookie(REFRESH_COOKIE_NAME, token, { ...this.options(req), maxAge: ttlSeconds * 1000 });
  }

  clear(req: Request, res: Response): void {
    res.clearCookie(REFRESH_COOKIE_NAME, this.options(req));
  }

  private options(req: Request): CookieOptions {
    const secure = this.security === 'auto' ? req.secure : this.security;
    return { httpOnly: true, sameSite: 'strict', secure, path: REFRESH_COOKIE_PATH };
  }

  /** The token from the Cookie header (no cookie-parser needed for one cookie). */
  read(req: Request): string | undefined {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const separator = part.indexOf('=');
      if (separator < 0 || part.slice(0, separator).trim() !== REFRESH_COOKIE_NAME) continue;
      const value = part.slice(separator + 1).trim();
      return value.length > 0 ? value : undefined;
    }
    return undefined;
  }
}

import { REFRESH_COOKIE_NAME, REFRESH_COOKIE_PATH } from '@podlab/contracts';
import type { CookieOptions, Request, Response } from 'express';

/**
 * The refresh token's cookie: httpOnly (no script reads it), SameSite=Strict (no other site's
 * page sends it), scoped to /api/auth, Secure when COOKIE_SECURE says the site is HTTPS.
 */
export class RefreshCookie {
  private readonly options: CookieOptions;

  constructor(secure: boolean) {
    this.options = { httpOnly: true, sameSite: 'strict', secure, path: REFRESH_COOKIE_PATH };
  }

  set(res: Response, token: string, ttlSeconds: number): void {
    res.cookie(REFRESH_COOKIE_NAME, token, { ...this.options, maxAge: ttlSeconds * 1000 });
  }

  clear(res: Response): void {
    res.clearCookie(REFRESH_COOKIE_NAME, this.options);
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

import { AppError } from '@podlab/kit';
import type { Request, RequestHandler } from 'express';

/**
 * Refuses cross-site requests to the routes the refresh cookie authorises (refresh, logout),
 * beside the cookie's SameSite=Strict: defence in depth for browsers that ignore SameSite, and
 * for a sibling site (another subdomain), which SameSite counts as the same site.
 *
 * As OWASP's CSRF guidance orders the checks: Fetch Metadata first (`Sec-Fetch-Site`, sent by
 * every current browser): only `same-origin`, or `none` (the user's own navigation), passes.
 * Without it, the `Origin` header (every browser sends one on a POST) must name this host. A
 * request with neither is not from a browser — curl, a test, a native client — and cannot carry
 * a forged cross-site cookie, since only browsers attach cookies on another site's behalf; it
 * passes.
 */
export function requireSameOrigin(): RequestHandler {
  return (req, _res, next) => {
    const reason = crossSiteReason(req);
    next(reason === undefined ? undefined : crossSite(req, reason));
  };
}

function crossSiteReason(req: Request): string | undefined {
  const site = req.get('sec-fetch-site');
  if (site !== undefined)
    return site === 'same-origin' || site === 'none' ? undefined : `Sec-Fetch-Site is ${site}`;
  const origin = req.get('origin');
  if (origin === undefined) return undefined;
  return hostOf(origin) === req.host ? undefined : `Origin ${origin} is not this site`;
}

/** The host (and port) an Origin names, or undefined for `null` and anything unparseable. */
function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host || undefined;
  } catch {
    return undefined;
  }
}

const crossSite = (req: Request, reason: string) =>
  new AppError(
    'CROSS_SITE_REQUEST',
    `Refused a cross-site ${req.method} ${req.path}: ${reason}; sign-in sessions are used from this site's own pages only`,
    { status: 403 },
  );

import { unescape } from 'node:querystring';

/** Query parameters that carry credentials (EventSource sends its access token this way). */
const SECRET_PARAMS = new Set(['access_token', 'token']);

/**
 * The request URL as logs may keep it: the value of every credential parameter replaced by
 * `[redacted]`, the rest kept byte for byte.
 *
 * Names are compared as a query parser sees them, not as written: express decodes
 * `access%5Ftoken` to `access_token` and requireAuth accepts it, so matching the literal text
 * let such a token through to the log. Each name is decoded (`+` and %-escapes, repeatedly, in
 * case a proxy decodes once more), lower-cased and stripped of a `[...]` suffix (qs-style
 * arrays) before the comparison; redacting a parameter no parser would read costs nothing.
 */
export function logSafeUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  const hash = url.indexOf('#', queryStart);
  const queryEnd = hash === -1 ? url.length : hash;
  const query = url
    .slice(queryStart + 1, queryEnd)
    .split('&')
    .map(redactParam)
    .join('&');
  return `${url.slice(0, queryStart + 1)}${query}${url.slice(queryEnd)}`;
}

function redactParam(param: string): string {
  const equals = param.indexOf('=');
  const rawName = equals === -1 ? param : param.slice(0, equals);
  return isSecretName(rawName) ? `${rawName}=[redacted]` : param;
}

function isSecretName(rawName: string): boolean {
  let name = rawName;
  // A few rounds undo double encoding (%255F → %5F → _); each round only ever shortens the name.
  for (let round = 0; round < 4; round++) {
    // querystring.unescape never throws: a broken escape stays as written, as the parser keeps it.
    const decoded = unescape(name.replaceAll('+', ' '));
    if (decoded === name) break;
    name = decoded;
  }
  const base = name.trim().toLowerCase().split('[', 1)[0] ?? '';
  return SECRET_PARAMS.has(base.trim());
}

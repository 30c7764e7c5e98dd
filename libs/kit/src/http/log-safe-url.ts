import { unescape } from 'node:querystring';

/** Query parameters that carry credentials (EventSource sends its access token this way). */
const SECRET_PARAMS = new Set(['access_token', 'token']);

/**
 * The request URL as logs may keep it: the value of every credential parameter and any fragment
 * replaced by `[redacted]`, the rest kept byte for byte.
 *
 * Names are compared as a query parser sees them, not as written: express decodes
 * `access%5Ftoken` to `access_token` and requireAuth accepts it, so matching the literal text
 * let such a token through to the log. Each name is decoded (`+` and %-escapes, repeatedly, in
 * case a proxy decodes once more), lower-cased and stripped of a `[...]` suffix (qs-style
 * arrays) before the comparison; redacting a parameter no parser would read costs nothing.
 */
export function logSafeUrl(url: string): string {
  // A fragment means nothing to a server (browsers never send one), but Node accepts it in a
  // request line, and a careless client may put a token there: it is never kept.
  const hash = url.indexOf('#');
  const target = hash === -1 ? url : url.slice(0, hash);
  const fragment = hash === -1 ? '' : '#[redacted]';
  const queryStart = target.indexOf('?');
  if (queryStart === -1) return `${target}${fragment}`;
  const query = target
    .slice(queryStart + 1)
    .split('&')
    .map(redactParam)
    .join('&');
  return `${target.slice(0, queryStart + 1)}${query}${fragment}`;
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

/** Query parameters that carry credentials (EventSource sends its access token this way). */
const SECRET_PARAMS = /([?&](?:access_token|token)=)[^&#]*/gi;

/** The request URL as logs may keep it: credential parameters replaced by `[redacted]`. */
export function logSafeUrl(url: string): string {
  return url.replace(SECRET_PARAMS, '$1[redacted]');
}

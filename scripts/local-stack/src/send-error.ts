import type { ServerResponse } from 'node:http';

/** The services' error format, `{ "error": { "code", "message" } }`, for the router's own answers. */
export function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { code, message } }));
}

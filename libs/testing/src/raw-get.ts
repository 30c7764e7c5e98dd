import { once } from 'node:events';
import { Agent, request, type IncomingMessage } from 'node:http';
import { text } from 'node:stream/consumers';

export interface RawResponse {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * A GET over node:http, for what fetch() hides or refuses: hop-by-hop headers such as
 * `Connection`, and malformed paths (`/%`) it would reject or normalise. `path` is sent as
 * written. It asks for keep-alive as a browser does, on an agent of its own that it closes, so
 * the server's `Connection: close` is its own decision and no socket outlives the call.
 */
export async function rawGet(url: string, path?: string): Promise<RawResponse> {
  const { hostname, port, pathname, search } = new URL(url);
  const agent = new Agent({ keepAlive: true });
  try {
    const req = request({ hostname, port, path: path ?? `${pathname}${search}`, agent });
    req.end();
    const [res] = (await once(req, 'response')) as [IncomingMessage];
    return { status: res.statusCode ?? 0, headers: res.headers, body: await text(res) };
  } finally {
    agent.destroy();
  }
}

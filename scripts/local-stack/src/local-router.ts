import { createReadStream, existsSync, statSync } from 'node:fs';
import {
  createServer,
  request,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

export interface Backend {
  service: string;
  port: number;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

/**
 * The laptop's Ingress: `/api/<service>/...` to that service's instances in turn (path kept,
 * as the cluster's Ingress does), everything else to the built frontend with the SPA fallback.
 * Responses are piped as they come, so server-sent events stream through.
 */
export function createLocalRouter(backends: Backend[], staticDir: string): Server {
  const byService = new Map<string, Backend[]>();
  for (const backend of backends)
    byService.set(backend.service, [...(byService.get(backend.service) ?? []), backend]);
  const turn = new Map<string, number>();

  return createServer((req, res) => {
    const service = /^\/api\/([a-z0-9-]+)(?:\/|$)/.exec(req.url ?? '')?.[1];
    if (service !== undefined) {
      const instances = byService.get(service);
      if (!instances) return sendError(res, 404, 'NOT_FOUND', `No service ${service}`);
      const next = (turn.get(service) ?? 0) % instances.length;
      turn.set(service, next + 1);
      return proxy(req, res, instances[next] as Backend);
    }
    serveStatic(req, res, staticDir);
  });
}

function proxy(req: IncomingMessage, res: ServerResponse, backend: Backend): void {
  const upstream = request(
    {
      host: '127.0.0.1',
      port: backend.port,
      method: req.method,
      path: req.url,
      headers: {
        ...req.headers,
        'x-forwarded-for': req.socket.remoteAddress ?? '',
        'x-forwarded-proto': 'http',
      },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent)
      sendError(res, 503, 'SERVICE_UNAVAILABLE', `${backend.service} is not reachable`);
    else res.destroy();
  });
  res.on('close', () => upstream.destroy());
  req.pipe(upstream);
}

function serveStatic(req: IncomingMessage, res: ServerResponse, root: string): void {
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'Only GET and HEAD here');
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://local').pathname);
  const candidate = normalize(join(root, path));
  const inside = candidate.startsWith(root + sep);
  const file =
    inside && existsSync(candidate) && statSync(candidate).isFile()
      ? candidate
      : join(root, 'index.html');
  if (!existsSync(file))
    return sendError(
      res,
      404,
      'NOT_FOUND',
      'The frontend is not built (npx nx build @podlab/frontend)',
    );
  const hashed = file.includes(`${sep}assets${sep}`);
  res.writeHead(200, {
    'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
    // Hashed assets never change; index.html must always be fresh so a deploy is picked up.
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file).pipe(res);
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { code, message } }));
}

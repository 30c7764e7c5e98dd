import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { sendError } from './send-error.js';

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
 * The built frontend with the SPA fallback, as docker/frontend/nginx.conf serves it: hashed
 * assets cached for a year, everything else revalidated, the same security headers on all.
 */
export function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  securityHeaders: Record<string, string>,
): void {
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'Only GET and HEAD here');
  const path = decodedPath(req.url ?? '/');
  if (path === undefined)
    return sendError(res, 400, 'BAD_REQUEST', 'The path has a malformed %-escape');
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
    ...securityHeaders,
    'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
    // Hashed assets never change; index.html must always be fresh so a deploy is picked up.
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') return void res.end();
  // The file may be gone by now (a rebuild empties dist/): the headers are out, so cut this
  // answer short. Unlistened, the stream's error would end the router, and npm start with it.
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

/** The URL's path with its %-escapes decoded; undefined when one is malformed (`/%`, `/%zz`). */
function decodedPath(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url, 'http://local').pathname);
  } catch {
    return undefined;
  }
}

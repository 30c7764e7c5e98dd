import {
  createServer,
  request,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { routeOf, type CatalogService } from '@podlab/catalog';
import { sendError } from './send-error.js';
import { serveStatic } from './static-files.js';

export interface Backend {
  service: string;
  pod: string;
  port: number;
  /** What the last /readyz probe said (false while the instance is down or restarting). */
  ready(): boolean;
}

export interface LocalRouterOptions {
  /** The catalog (libs/catalog): only its public services are routed, as by the Ingress. */
  services: readonly CatalogService[];
  /** The built frontend (frontend/dist). */
  staticDir: string;
  /** Sent with every frontend response, as the frontend image's nginx sends them. */
  securityHeaders?: Record<string, string>;
  /** How long an idle client connection stays open; the Keep-Alive header clients see says the same. */
  keepAliveTimeoutMs?: number;
  /** A request, headers and body, must arrive within this (default 30 s, as the services). */
  requestTimeoutMs?: number;
  /** A request's headers must arrive within this (default 20 s, as the services). */
  headersTimeoutMs?: number;
}

/**
 * The laptop's Ingress: a public service's route (`/api/<service>/...`) to that service's ready
 * instances in turn (path kept, as the cluster's Ingress does), everything else to the built
 * frontend with the SPA fallback. A service the catalog does not mark public is reached by the
 * other services on its own port, never through here: the Ingress has no path for it either.
 * Responses are piped as they come, so server-sent events stream through.
 */
export function createLocalRouter(backends: Backend[], options: LocalRouterOptions): Server {
  const routed = new Map(
    options.services.filter((s) => s.public).map((s) => [routeOf(s.name), s.name]),
  );
  const byService = new Map<string, Backend[]>();
  for (const backend of backends)
    byService.set(backend.service, [...(byService.get(backend.service) ?? []), backend]);
  const turn = new Map<string, number>();

  /** The next ready instance in turn, skipping those already tried for this request. */
  const pick = (service: string, tried: Set<Backend>): Backend | undefined => {
    const ready = (byService.get(service) ?? []).filter(
      (instance) => instance.ready() && !tried.has(instance),
    );
    if (ready.length === 0) return undefined;
    const next = (turn.get(service) ?? 0) % ready.length;
    turn.set(service, next + 1);
    return ready[next];
  };

  const dispatch = (
    req: IncomingMessage,
    res: ServerResponse,
    service: string,
    tried: Set<Backend>,
  ) => {
    // As a Service's endpoints do: only ready instances get requests, in turn.
    const backend = pick(service, tried);
    if (!backend)
      return sendError(res, 503, 'SERVICE_UNAVAILABLE', `${service} has no ready instance`);
    tried.add(backend);
    proxy(req, res, backend, () => dispatch(req, res, service, tried));
  };

  const requestTimeout = options.requestTimeoutMs ?? 30_000;
  const headersTimeout = Math.min(options.headersTimeoutMs ?? 20_000, requestTimeout);
  const server = createServer(
    {
      // The same bounds as the services behind it (libs/kit start-service.ts): Node's defaults
      // let a slow client hold a socket of the one front door for 300 s (body) or 66 s (headers).
      // Only receiving the request is timed: event streams and idle keep-alive are not cut.
      requestTimeout,
      headersTimeout,
      connectionsCheckingInterval: Math.min(1_000, headersTimeout),
    },
    (req, res) => {
      // As the Ingress's Prefix paths: whole path segments, the query not part of the path.
      const [route, name] = /^\/api\/([a-z0-9-]+)(?=[/?]|$)/.exec(req.url ?? '') ?? [];
      if (route === undefined)
        return serveStatic(req, res, options.staticDir, options.securityHeaders ?? {});
      const service = routed.get(route);
      if (service === undefined)
        return sendError(res, 404, 'NOT_FOUND', `No public service ${name}`);
      dispatch(req, res, service, new Set());
    },
  );
  // Node's default is 5 s; whatever it is, the Keep-Alive header Node writes states it.
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 65_000;
  return server;
}

/**
 * Connection-level headers (RFC 9110 §7.6.1) describe one hop: the backend's `Keep-Alive:
 * timeout=65` is about its socket to us, not ours to the client, whose timeout is our own.
 */
function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'upgrade']);
  for (const name of (headers.connection ?? '').split(',')) hopByHop.add(name.trim().toLowerCase());
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !hopByHop.has(name)));
}

/**
 * Forwards one request. An instance that refuses the connection (it died a moment ago, before
 * its probe noticed) never saw the request: a GET or HEAD, which has no body we could have
 * consumed, is then tried on the next ready instance.
 */
function proxy(
  req: IncomingMessage,
  res: ServerResponse,
  backend: Backend,
  tryAnother: () => void,
): void {
  const upstream = request(
    {
      host: '127.0.0.1',
      port: backend.port,
      method: req.method,
      path: req.url,
      headers: {
        ...endToEnd(req.headers),
        'x-forwarded-for': req.socket.remoteAddress ?? '',
        'x-forwarded-proto': 'http',
      },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
      answer.pipe(res);
    },
  );
  upstream.on('error', (error: NodeJS.ErrnoException) => {
    if (res.headersSent) return void res.destroy();
    const bodiless = req.method === 'GET' || req.method === 'HEAD';
    if (error.code === 'ECONNREFUSED' && bodiless) return tryAnother();
    sendError(res, 503, 'SERVICE_UNAVAILABLE', `${backend.pod} is not reachable`);
  });
  res.on('close', () => upstream.destroy());
  // A retried GET's request has already ended: there is nothing left to pipe.
  if (req.readableEnded) upstream.end();
  else req.pipe(upstream);
}

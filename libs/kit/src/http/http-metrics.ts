import type { Express, Request, RequestHandler } from 'express';
import { Histogram, type Registry } from 'prom-client';

/** express's Route, as far as the label needs it. */
interface RouteLike {
  path?: unknown;
  dispatch?: (this: RouteLike, req: Request, ...rest: unknown[]) => unknown;
}
/** A layer of an express router: a route, or (for `use`) a function, maybe a router with a stack. */
interface RouterLayer {
  rawPath?: unknown;
  route?: RouteLike;
  handle?: { stack?: RouterLayer[] };
}

const baseUrlAtDispatch = Symbol('base url at dispatch');
type DispatchedRequest = Request & { [baseUrlAtDispatch]?: string };
/** Routes whose dispatch records req.baseUrl (shared by every app: the record is per request). */
const recordingBaseUrl = new WeakSet<RouteLike>();

export interface HttpMetrics {
  /** Observes each answered request: the middleware goes before the routes. */
  handler: RequestHandler;
  /** Works out each route's label; call it once the routes are mounted. */
  labelRoutes(app: Express): void;
}

/**
 * Request duration by method, route pattern (never the raw path: ids would explode the series) and
 * status. By 'finish' an error has unwound the routers and req.baseUrl is '' again, so a route's
 * whole pattern (mount paths and its own path: `/api/shop` + `/orders/:id`) cannot be read off
 * the request then. labelRoutes works it out once per route, after mounting; working it out per
 * request, as the router matched, cost more than any other step of the kit. A route with no one
 * pattern (a router mounted at two paths, or at a regular expression) records req.baseUrl as it
 * is dispatched instead; a route mounted after labelRoutes is labelled from req.baseUrl at
 * 'finish', right unless an error unwound the routers.
 */
export function httpMetrics(registry: Registry): HttpMetrics {
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  // Per app, not on the Route objects: one router may serve two apps under different paths.
  const labels = new WeakMap<RouteLike, string | null>();
  const labelOf = (req: DispatchedRequest): string => {
    const route = req.route as RouteLike | undefined;
    if (route?.path === undefined) return 'unmatched';
    return labels.get(route) ?? `${req[baseUrlAtDispatch] ?? req.baseUrl}${String(route.path)}`;
  };

  const handler: RequestHandler = (req, res, next) => {
    const startedAt = performance.now();
    res.on('finish', () => {
      duration.observe(
        { method: req.method, route: labelOf(req), status: String(res.statusCode) },
        (performance.now() - startedAt) / 1000,
      );
    });
    next();
  };

  const stamp = (stack: RouterLayer[], prefix: string | null) => {
    for (const layer of stack) {
      const { route } = layer;
      if (route) {
        const label = prefix === null ? null : `${prefix}${String(route.path)}`;
        const known = labels.get(route);
        if (known === undefined) labels.set(route, label);
        else if (known !== label) labels.set(route, null);
        if (labels.get(route) === null) recordBaseUrlOf(route);
        continue;
      }
      const nested = layer.handle?.stack;
      if (!Array.isArray(nested)) continue;
      const mount = layer.rawPath;
      const nestedPrefix =
        prefix === null || typeof mount !== 'string'
          ? null
          : mount === '/'
            ? prefix
            : `${prefix}${mount}`;
      stamp(nested, nestedPrefix);
    }
  };
  const labelRoutes = (app: Express) =>
    stamp((app as unknown as { router: { stack: RouterLayer[] } }).router.stack, '');
  return { handler, labelRoutes };
}

/** Makes a route record req.baseUrl as it is dispatched, once per route whatever the apps. */
function recordBaseUrlOf(route: RouteLike): void {
  const dispatch = route.dispatch;
  if (!dispatch || recordingBaseUrl.has(route)) return;
  route.dispatch = function (req, ...rest) {
    (req as DispatchedRequest)[baseUrlAtDispatch] = req.baseUrl;
    return dispatch.call(this, req, ...rest);
  };
  recordingBaseUrl.add(route);
}

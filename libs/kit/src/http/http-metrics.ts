import type { Express, RequestHandler } from 'express';
import { Histogram, type Registry } from 'prom-client';

const routeLabel = Symbol('route label');

/** express's Route, as far as the label needs it; `routeLabel` is stamped by labelRoutes. */
interface LabelledRoute {
  path?: unknown;
  [routeLabel]?: string;
}
/** A layer of an express router: a route, or (for `use`) a function, maybe a router with a stack. */
interface RouterLayer {
  rawPath?: unknown;
  route?: LabelledRoute;
  handle?: { stack?: RouterLayer[] };
}

/** Request duration by method, route pattern (never the raw path: ids would explode the series) and status. */
export function httpMetrics(registry: Registry): RequestHandler {
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return (req, res, next) => {
    const startedAt = performance.now();
    res.on('finish', () => {
      const route = req.route as LabelledRoute | undefined;
      duration.observe(
        {
          method: req.method,
          // Unstamped (a route added after labelRoutes): the mount path is still in req.baseUrl
          // unless an error unwound the routers, which is why routes are stamped.
          route:
            route?.[routeLabel] ??
            (route?.path === undefined ? 'unmatched' : `${req.baseUrl}${String(route.path)}`),
          status: String(res.statusCode),
        },
        (performance.now() - startedAt) / 1000,
      );
    });
    next();
  };
}

/**
 * Stamps every route of the app, in nested routers too, with its whole pattern: the mount paths
 * and its own path (`/api/shop` + `/orders/:id`). By 'finish' an error has unwound the routers
 * and req.baseUrl is '' again, so the pattern cannot be read off the request then; working it
 * out per request, as the router matched, cost more than any other step of the kit. A route
 * mounted at two paths has no one pattern and is left unstamped.
 */
export function labelRoutes(app: Express): void {
  stamp((app as unknown as { router: { stack: RouterLayer[] } }).router.stack, '', new Set());
}

function stamp(stack: RouterLayer[], prefix: string, seen: Set<LabelledRoute>): void {
  for (const layer of stack) {
    const { route } = layer;
    if (route) {
      const label = `${prefix}${String(route.path)}`;
      if (seen.has(route) && route[routeLabel] !== label) delete route[routeLabel];
      else if (!seen.has(route)) route[routeLabel] = label;
      seen.add(route);
      continue;
    }
    const nested = layer.handle?.stack;
    if (Array.isArray(nested) && typeof layer.rawPath === 'string')
      stamp(nested, layer.rawPath === '/' ? prefix : `${prefix}${layer.rawPath}`, seen);
  }
}

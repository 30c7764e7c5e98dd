import type { Express, Request, RequestHandler } from 'express';
import { Histogram, type Registry } from 'prom-client';

const matchedRoute = Symbol('matched route');
const routeLabel = Symbol('route label');

type RoutedRequest = Request & { [matchedRoute]?: unknown; [routeLabel]?: string };

/** Request duration by method, route pattern (never the raw path: ids would explode the series) and status. */
export function httpMetrics(app: Express, registry: Registry): RequestHandler {
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  // The router sets req.route when a route matches, while req.baseUrl still holds the mount
  // path; by 'finish' an error has unwound the routers and req.baseUrl is '' again. So the
  // label is taken at that moment, by an accessor on this app's request prototype (one per
  // app, not one defineProperty per request, which would slow every later access to req).
  Object.defineProperty(app.request, 'route', {
    configurable: true,
    get(this: RoutedRequest) {
      return this[matchedRoute];
    },
    set(this: RoutedRequest, value: { path?: unknown } | undefined) {
      this[matchedRoute] = value;
      if (value?.path !== undefined) this[routeLabel] = `${this.baseUrl}${String(value.path)}`;
    },
  });
  return (req: RoutedRequest, res, next) => {
    const end = duration.startTimer();
    res.once('finish', () =>
      end({
        method: req.method,
        route: req[routeLabel] ?? 'unmatched',
        status: String(res.statusCode),
      }),
    );
    next();
  };
}

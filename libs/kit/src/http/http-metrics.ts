import type { RequestHandler } from 'express';
import { Histogram, type Registry } from 'prom-client';

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
    const end = duration.startTimer();
    // The router sets req.route when a route matches, while req.baseUrl still holds the mount
    // path; by 'finish' an error has unwound the routers and req.baseUrl is '' again.
    let route = 'unmatched';
    let matched: unknown;
    Object.defineProperty(req, 'route', {
      configurable: true,
      enumerable: true,
      get: () => matched,
      set: (value: { path?: unknown } | undefined) => {
        matched = value;
        if (value?.path !== undefined) route = `${req.baseUrl}${String(value.path)}`;
      },
    });
    res.on('finish', () => end({ method: req.method, route, status: String(res.statusCode) }));
    next();
  };
}

import type { Express } from 'express';
import type { Registry } from 'prom-client';
import type { Lifecycle } from '../lifecycle/lifecycle.js';
import { checkReadiness, type ReadinessCheck } from './readiness.js';

/**
 * `/healthz` says the process can serve (liveness: restart me if not), `/readyz` says its
 * dependencies are reachable and it is not draining (readiness: route to me or not),
 * `/metrics` is for Prometheus. They differ on purpose: a broker outage must make a pod
 * unready, never get it killed. They go on the app itself, not in a router of their own: a
 * router mounted at `/` would be entered, and the URL parsed again, by every request.
 */
export function addHealthRoutes(
  app: Express,
  lifecycle: Lifecycle,
  checks: Record<string, ReadinessCheck>,
  registry: Registry,
): void {
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const report = await checkReadiness(lifecycle, checks);
    res.status(report.ready ? 200 : 503).json(report);
  });
  app.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', registry.contentType);
    res.send(await registry.metrics());
  });
}

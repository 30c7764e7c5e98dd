import type { AddressInfo } from 'node:net';
import { Router } from 'express';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import { createHttpApp, Lifecycle } from '../src/index.js';

/** An app behind a trusted proxy (loopback), as the services run behind the Ingress. */
async function startApp(trustProxy: boolean | string) {
  const logger = pino({ level: 'silent' });
  const lifecycle = new Lifecycle({ logger, shutdownDelayMs: 0, shutdownTimeoutMs: 1_000 });
  const api = Router();
  api.get('/ping', (_req, res) => {
    res.json({ ok: true });
  });
  const app = createHttpApp({
    service: 'shop',
    version: '1.0.0',
    pod: 'shop-1',
    logger,
    lifecycle,
    registry: new Registry(),
    readiness: {},
    api,
    trustProxy,
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const behindProxy = await startApp('loopback');
const direct = await startApp(false);
const hsts = (response: Response) => response.headers.get('strict-transport-security');

describe('Strict-Transport-Security', () => {
  it('when a request is plain http, then no HSTS is sent (browsers ignore it there, and it names a policy the site does not have)', async () => {
    const response = await fetch(`${behindProxy}/api/shop/ping`);
    expect(response.status).toBe(200);
    expect(hsts(response)).toBeNull();
  });

  it('when a trusted proxy says the request came over TLS (X-Forwarded-Proto: https), then HSTS is sent', async () => {
    const response = await fetch(`${behindProxy}/api/shop/ping`, {
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(hsts(response)).toBe('max-age=31536000; includeSubDomains');
  });

  it('when the proxy is not trusted, then a client claiming https gets no HSTS', async () => {
    const response = await fetch(`${direct}/api/shop/ping`, {
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(hsts(response)).toBeNull();
  });

  it('when HSTS is left out, then the other security headers are still sent', async () => {
    const response = await fetch(`${behindProxy}/api/shop/ping`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});

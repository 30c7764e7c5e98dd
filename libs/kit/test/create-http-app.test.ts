import { once } from 'node:events';
import { get as httpGet, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import type { ErrorResponse } from '@podlab/contracts';
import { Router } from 'express';
import { pino, type Logger } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpApp, Lifecycle, parseInput, type ReadinessCheck } from '../src/index.js';

/** One app per call, listening on a free port, closed after this file's tests. */
async function startApp(
  readiness: Record<string, ReadinessCheck> = {},
  logger: Logger = pino({ level: 'silent' }),
) {
  const lifecycle = new Lifecycle({ logger, shutdownDelayMs: 0, shutdownTimeoutMs: 1_000 });
  const api = Router();
  api.get('/orders/:id', (req, res) => {
    res.json({ id: req.params.id });
  });
  api.post('/orders', (req, res) => {
    const body = parseInput(z.strictObject({ sku: z.string().min(1) }), req.body, 'body');
    res.status(201).json(body);
  });
  api.get('/slow', async (_req, res) => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    res.json({});
  });
  api.get('/boom', () => {
    throw new Error('password=hunter2 rejected by 10.0.0.7');
  });
  api.get('/boom-async', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    throw new Error('async secret');
  });
  const store = Router({ mergeParams: true });
  store.get('/items', (req, res) => {
    res.json({ store: (req.params as { store?: string }).store });
  });
  store.get('/broken', () => {
    throw new Error('broken store');
  });
  api.use('/stores/:store', store);
  // One router in two places: its routes have no single pattern.
  const shared = Router();
  shared.get('/ping', (_req, res) => {
    res.json({});
  });
  shared.get('/fail', () => {
    throw new Error('shared failure');
  });
  api.use('/east', shared);
  api.use('/west', shared);
  // Under a regular expression a router has no pattern to label its routes with.
  const north = Router();
  north.get('/fail', () => {
    throw new Error('north failure');
  });
  api.use(/^\/north/, north);
  const app = createHttpApp({
    service: 'shop',
    version: '1.2.3',
    pod: 'shop-7d9f-abcde',
    logger,
    lifecycle,
    registry: new Registry(),
    readiness,
    api,
    openApi: {
      service: 'shop',
      description: 'A shop',
      operations: [
        {
          operationId: 'createOrder',
          method: 'post',
          path: '/orders',
          summary: 'Order',
          security: 'none',
          body: z.strictObject({ sku: z.string().min(1) }),
          responses: { 201: { description: 'Ordered', json: z.object({ sku: z.string() }) } },
        },
      ],
    },
  });
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  server.closeIdleConnections();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, lifecycle };
}

const shop = await startApp({ database: () => undefined });

const errorOf = async (response: Response) => ((await response.json()) as ErrorResponse).error;

describe('every response', () => {
  const paths = ['/healthz', '/api/shop/info', '/api/shop/orders/7', '/api/shop/boom', '/nope'];
  for (const path of paths) {
    it(`when GET ${path}, then it says which pod and version served it and carries a correlation id`, async () => {
      const response = await fetch(`${shop.url}${path}`);
      expect(response.headers.get('x-served-by-pod')).toBe('shop-7d9f-abcde');
      expect(response.headers.get('x-served-by-version')).toBe('1.2.3');
      expect(response.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  }

  it('when answered, then it has the security headers and does not say it is express', async () => {
    const response = await fetch(`${shop.url}/api/shop/orders/1`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('etag')).toBeNull();
  });

  it('when the caller sends a sane correlation id, then the response and the error body carry it', async () => {
    const response = await fetch(`${shop.url}/nope`, { headers: { 'x-correlation-id': 'gw-42' } });
    expect(response.headers.get('x-correlation-id')).toBe('gw-42');
    expect((await errorOf(response)).correlationId).toBe('gw-42');
  });
});

describe('errors', () => {
  it('when no route matches, then it answers 404 JSON naming method and path', async () => {
    const response = await fetch(`${shop.url}/api/shop/orders`, { method: 'DELETE' });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await errorOf(response)).toMatchObject({
      code: 'NOT_FOUND',
      message: 'No route for DELETE /api/shop/orders',
    });
  });

  for (const path of ['/api/shop/boom', '/api/shop/boom-async']) {
    it(`when ${path} throws, then it answers 500 JSON without the message or a stack`, async () => {
      const response = await fetch(`${shop.url}${path}`);
      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toContain('application/json');
      const text = await response.text();
      expect(JSON.parse(text)).toMatchObject({
        error: { code: 'INTERNAL', message: 'Internal error' },
      });
      expect(text).not.toMatch(/hunter2|secret|\.ts:\d+/);
    });
  }

  it('when a thrown error was answered, then the app keeps serving', async () => {
    expect((await fetch(`${shop.url}/healthz`)).status).toBe(200);
  });

  const post = (body: string, contentType: string) =>
    fetch(`${shop.url}/api/shop/orders`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    });

  it('when the body is valid, then the route gets it parsed', async () => {
    const response = await post('{"sku":"a1"}', 'application/json');
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ sku: 'a1' });
  });

  const bad: [name: string, body: string, type: string, status: number, code: string][] = [
    ['broken JSON', '{"sku":', 'application/json', 400, 'INVALID_JSON'],
    ['a form body', 'sku=a1', 'application/x-www-form-urlencoded', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['text', 'sku', 'text/plain', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [
      'a body over 100kb',
      JSON.stringify({ sku: 'x'.repeat(120_000) }),
      'application/json',
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    ['a missing field', '{}', 'application/json', 400, 'VALIDATION_FAILED'],
    [
      'a charset other than utf-8',
      '{"sku":"a"}',
      'application/json; charset=koi8-r',
      415,
      'UNSUPPORTED_CHARSET',
    ],
  ];
  for (const [name, body, type, status, code] of bad) {
    it(`when the body is ${name}, then it answers ${status} ${code}`, async () => {
      const response = await post(body, type);
      expect(response.status).toBe(status);
      expect((await errorOf(response)).code).toBe(code);
    });
  }
});

describe('GET /api/shop/info', () => {
  it('when asked, then it names service, version and pod', async () => {
    const response = await fetch(`${shop.url}/api/shop/info`);
    expect(await response.json()).toEqual({
      service: 'shop',
      version: '1.2.3',
      pod: 'shop-7d9f-abcde',
      uptimeSeconds: expect.any(Number),
    });
  });
});

describe('health', () => {
  it('when every check passes, then /healthz and /readyz answer 200', async () => {
    expect((await fetch(`${shop.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${shop.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      ready: true,
      draining: false,
      checks: { database: 'ok' },
    });
  });

  it('when a dependency check fails, then /readyz is 503 naming it while /healthz stays 200', async () => {
    const broken = await startApp({
      broker: () => {
        throw new Error('not connected to the broker');
      },
    });
    const ready = await fetch(`${broken.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ checks: { broker: 'not connected to the broker' } });
    expect((await fetch(`${broken.url}/healthz`)).status).toBe(200);
  });

  it('when draining, then /readyz is 503 and responses ask keep-alive clients to close', async () => {
    const draining = await startApp({ database: () => undefined });
    await draining.lifecycle.shutdown('test');
    const { status, headers, body } = await rawGet(`${draining.url}/readyz`);
    expect(status).toBe(503);
    expect(headers.connection).toBe('close');
    expect(JSON.parse(body)).toMatchObject({ ready: false, draining: true });
    // Liveness is not readiness: a draining pod must not be restarted.
    expect((await rawGet(`${draining.url}/healthz`)).status).toBe(200);
  });
});

describe('GET /metrics', () => {
  it('when routes with ids were called, then durations are labelled by route pattern, not by raw path', async () => {
    for (const id of ['1001', '1002', '1003']) await fetch(`${shop.url}/api/shop/orders/${id}`);
    await fetch(`${shop.url}/no/such/path/4711`);
    const response = await fetch(`${shop.url}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/api\/shop\/orders\/:id",status="200"\} [3-9]/,
    );
    expect(text).toContain('route="unmatched",status="404"');
    // Only labels matter: a duration sum may happen to contain those digits.
    expect(text).not.toMatch(/route="[^"]*(1001|1002|1003|4711)/);
  });

  // Regression: by 'finish' an error has unwound the routers and req.baseUrl is '' again, so
  // failures were once labelled "/boom" and "/orders", split from the route's successes.
  it('when a route threw or rejected input, then its 500 and 400 are labelled with the full route pattern', async () => {
    await fetch(`${shop.url}/api/shop/boom`);
    await fetch(`${shop.url}/api/shop/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const text = await (await fetch(`${shop.url}/metrics`)).text();
    expect(text).toContain('route="/api/shop/boom",status="500"');
    expect(text).toContain('route="/api/shop/orders",status="400"');
  });

  it('when a router is mounted under a path with a parameter, then its routes are labelled by the pattern, never by the value', async () => {
    expect((await fetch(`${shop.url}/api/shop/stores/8101/items`)).status).toBe(200);
    expect((await fetch(`${shop.url}/api/shop/stores/8102/broken`)).status).toBe(500);
    const text = await (await fetch(`${shop.url}/metrics`)).text();
    expect(text).toContain('route="/api/shop/stores/:store/items",status="200"');
    expect(text).toContain('route="/api/shop/stores/:store/broken",status="500"');
    expect(text).not.toMatch(/route="[^"]*(8101|8102)/);
  });

  it('when one router is mounted at two paths, then each call is labelled with the path it came through, failures too', async () => {
    await fetch(`${shop.url}/api/shop/east/ping`);
    await fetch(`${shop.url}/api/shop/west/ping`);
    expect((await fetch(`${shop.url}/api/shop/west/fail`)).status).toBe(500);
    const text = await (await fetch(`${shop.url}/metrics`)).text();
    expect(text).toContain('route="/api/shop/east/ping",status="200"');
    expect(text).toContain('route="/api/shop/west/ping",status="200"');
    expect(text).toContain('route="/api/shop/west/fail",status="500"');
  });

  it('when a router is mounted at a regular expression, then a failure is labelled with the path it matched', async () => {
    expect((await fetch(`${shop.url}/api/shop/north/fail`)).status).toBe(500);
    const text = await (await fetch(`${shop.url}/metrics`)).text();
    expect(text).toContain('route="/api/shop/north/fail",status="500"');
  });

  it('when two apps share one router, then each labels its calls with its own mount path', async () => {
    const logger = pino({ level: 'silent' });
    const orders = Router();
    orders.get('/orders', (_req, res) => {
      res.json({});
    });
    const apps = await Promise.all(
      ['first', 'second'].map(async (service) => {
        const app = createHttpApp({
          service,
          version: '1',
          pod: `${service}-pod`,
          logger,
          lifecycle: new Lifecycle({ logger, shutdownDelayMs: 0, shutdownTimeoutMs: 1_000 }),
          registry: new Registry(),
          readiness: {},
          api: orders,
        });
        const server = app.listen(0, '127.0.0.1');
        await once(server, 'listening');
        afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
        return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      }),
    );
    const [first, second] = apps as [string, string];
    await fetch(`${first}/api/first/orders`);
    expect(await (await fetch(`${first}/metrics`)).text()).toContain(
      'route="/api/first/orders",status="200"',
    );
    expect(await (await fetch(`${second}/metrics`)).text()).not.toContain('route="/api/first');
  });
});

describe('request log', () => {
  const lines: Record<string, unknown>[] = [];
  const logged = startApp(
    { database: () => undefined },
    pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) }),
  );
  const linesFor = (id: string) =>
    lines.filter((line) => (line.req as { id?: string } | undefined)?.id === id);
  const waitForLine = async (id: string, msg: string) => {
    for (let i = 0; i < 100 && !linesFor(id).some((line) => line.msg === msg); i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    return linesFor(id).find((line) => line.msg === msg);
  };

  it('when a request was answered, then one line names its id, method, safe URL, status and time', async () => {
    const { url } = await logged;
    await fetch(`${url}/api/shop/orders/9?access_token=sekrit`, {
      headers: { 'x-correlation-id': 'log-ok-1' },
    });
    const line = await waitForLine('log-ok-1', 'request completed');
    expect(line).toMatchObject({
      level: 30,
      req: { id: 'log-ok-1', method: 'GET', url: '/api/shop/orders/9?access_token=[redacted]' },
      res: { statusCode: 200 },
    });
    expect(line?.responseTime).toEqual(expect.any(Number));
    expect(JSON.stringify(lines)).not.toContain('sekrit');
  });

  it('when a request failed, then its rejection and its completion are logged at the level of the status', async () => {
    const { url } = await logged;
    await fetch(`${url}/api/shop/boom`, { headers: { 'x-correlation-id': 'log-500-1' } });
    await fetch(`${url}/nope`, { headers: { 'x-correlation-id': 'log-404-1' } });
    expect(await waitForLine('log-500-1', 'request completed')).toMatchObject({ level: 50 });
    expect(linesFor('log-500-1').find((line) => line.msg === 'request failed')).toMatchObject({
      level: 50,
      code: 'INTERNAL',
    });
    expect(await waitForLine('log-404-1', 'request completed')).toMatchObject({ level: 40 });
  });

  it('when the client goes away before the answer, then that is logged at info, not as a warning nor a completion', async () => {
    const { url } = await logged;
    const aborted = new AbortController();
    const pending = fetch(`${url}/api/shop/slow`, {
      headers: { 'x-correlation-id': 'log-gone-1' },
      signal: aborted.signal,
    }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    aborted.abort();
    await pending;
    expect(await waitForLine('log-gone-1', 'client closed the connection')).toMatchObject({
      level: 30,
      streaming: false,
    });
    expect(linesFor('log-gone-1').some((line) => line.msg === 'request completed')).toBe(false);
  });

  it('when probes and scrapes are called, then they leave no line', async () => {
    const { url } = await logged;
    for (const path of ['/healthz', '/readyz', '/metrics'])
      await fetch(`${url}${path}`, {
        headers: { 'x-correlation-id': `log-probe-${path.slice(1)}` },
      });
    await fetch(`${url}/api/shop/info`, { headers: { 'x-correlation-id': 'log-after-probes' } });
    await waitForLine('log-after-probes', 'request completed');
    expect(
      lines.filter((line) => String((line.req as { id?: string })?.id).startsWith('log-probe')),
    ).toEqual([]);
  });
});

/**
 * node:http, because fetch hides the hop-by-hop Connection header. (@podlab/testing's rawGet
 * does the same, but the harness is built on the kit: the kit's own tests cannot import it.)
 */
async function rawGet(url: string) {
  const [res] = (await once(httpGet(url), 'response')) as [IncomingMessage];
  return { status: res.statusCode ?? 0, headers: res.headers, body: await text(res) };
}

describe('GET /api/<service>/openapi.json', () => {
  it('when asked, then it answers the OpenAPI 3.1 document of the routes, schemas from their zod contracts', async () => {
    const response = await fetch(`${shop.url}/api/shop/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const document = (await response.json()) as {
      openapi: string;
      info: { version: string };
      servers: { url: string }[];
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.version).toBe('1.2.3');
    expect(document.servers).toEqual([{ url: '/api/shop' }]);
    expect(Object.keys(document.paths)).toEqual(['/info', '/openapi.json', '/orders']);
    expect(document.paths['/orders']?.post?.requestBody).toMatchObject({
      content: {
        'application/json': {
          schema: {
            type: 'object',
            properties: { sku: { type: 'string', minLength: 1 } },
            required: ['sku'],
            additionalProperties: false,
          },
        },
      },
    });
  });
});

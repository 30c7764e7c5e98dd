import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CatalogService } from '@podlab/catalog';
import { rawGet } from '@podlab/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalRouter, type Backend, type LocalRouterOptions } from './local-router.js';
import { readSecurityHeaders } from './security-headers.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function staticDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'podlab-router-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>podlab</title>');
  writeFileSync(join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
  return dir;
}

async function listening(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The catalog the router is given: consumer is routed; ledger runs for other services alone. */
const services: CatalogService[] = [
  { name: 'consumer', needs: ['amqp'], public: true, instances: 2 },
  { name: 'ledger', needs: [], public: false, instances: 1 },
];

/** A backend as the kit's services answer: who served, their own keep-alive timeout, and /readyz. */
async function backend(pod: string, ready = { ok: true }): Promise<Backend> {
  const server = createServer((req, res) => {
    if (req.url === '/readyz') res.writeHead(ready.ok ? 200 : 503).end();
    else res.writeHead(200, { 'x-served-by-pod': pod }).end(pod);
  });
  server.keepAliveTimeout = 65_000;
  const url = await listening(server);
  const service = pod.replace(/-\d+$/, '');
  return { service, pod, port: Number(new URL(url).port), ready: () => ready.ok };
}

async function router(backends: Backend[] = [], options: Partial<LocalRouterOptions> = {}) {
  return listening(createLocalRouter(backends, { services, staticDir: staticDir(), ...options }));
}

describe('local router: the frontend', () => {
  it.each(['/%', '/%zz', '/todos/%E0%A4%A', '/assets/%'])(
    'when the path %s has a broken percent-escape, then it answers 400 naming it and keeps serving',
    async (path) => {
      const url = await router();
      const answer = await rawGet(url, path);
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toEqual({
        error: { code: 'BAD_REQUEST', message: expect.stringContaining('%-escape') },
      });
      expect((await rawGet(url, '/')).status).toBe(200);
    },
  );
});

describe('local router: security headers', () => {
  const fromNginx = readSecurityHeaders(
    join(
      fileURLToPath(new URL('../../..', import.meta.url)),
      'docker/frontend/security-headers.conf',
    ),
  );

  it('when the nginx include is read, then it yields its headers, CSP among them', () => {
    expect(fromNginx).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'content-security-policy': expect.stringContaining("frame-ancestors 'none'"),
    });
  });

  it.each(['/', '/index.html', '/todos/some-route', '/assets/app-1234.js'])(
    'when %s is served, then it carries every header the frontend image sends',
    async (path) => {
      const url = await router([], { securityHeaders: fromNginx });
      const answer = await rawGet(url, path);
      expect(answer.status).toBe(200);
      for (const [name, value] of Object.entries(fromNginx))
        expect(answer.headers[name], name).toBe(value);
    },
  );
});

describe('local router: routes', () => {
  it('when a service is not public, then its path is a 404 as for an unknown one, as the Ingress has no path for it', async () => {
    const url = await router([await backend('consumer-1'), await backend('ledger-1')]);
    expect((await rawGet(url, '/api/consumer/stats')).body).toBe('consumer-1');
    for (const name of ['ledger', 'nothing']) {
      const answer = await rawGet(url, `/api/${name}/entries`);
      expect(answer.status, name).toBe(404);
      expect(JSON.parse(answer.body), name).toEqual({
        error: { code: 'NOT_FOUND', message: `No public service ${name}` },
      });
    }
  });

  it('when a path only begins with a service’s name, then it is not that service’s route; the route itself is, with or without a query', async () => {
    const url = await router([await backend('consumer-1')]);
    expect((await rawGet(url, '/api/consumer')).body).toBe('consumer-1');
    expect((await rawGet(url, '/api/consumer?page=2')).body).toBe('consumer-1');
    expect((await rawGet(url, '/api/consumers/stats')).status).toBe(404);
  });
});

describe('local router: keep-alive', () => {
  it('when a backend says Keep-Alive: timeout=65, then the client is told the router’s own timeout, which it keeps', async () => {
    const url = await router([await backend('consumer-1')], { keepAliveTimeoutMs: 1_000 });
    const { hostname, port } = new URL(url);
    const socket = connect({ host: hostname, port: Number(port) });
    await once(socket, 'connect');
    socket.write('GET /api/consumer/stats HTTP/1.1\r\nHost: local\r\n\r\n');
    const [head] = (await once(socket, 'data')) as [Buffer];
    expect(head.toString()).toMatch(/^HTTP\/1\.1 200/);
    expect(head.toString()).toMatch(/\r\nkeep-alive: timeout=1\r\n/i);
    expect(head.toString()).not.toMatch(/timeout=65/);
    // The header is honest: the idle socket is closed by the router, not left for the client to find dead.
    await once(socket, 'end');
  });
});

// The guard below must end a held socket before the test's own timeout does.
describe('local router: slow clients', { timeout: 15_000 }, () => {
  /** Writes `head` on a fresh socket and nothing more: what the router wrote before it closed it. */
  async function stall(url: string, head: string): Promise<string> {
    const { hostname, port } = new URL(url);
    const socket = connect({ host: hostname, port: Number(port) });
    cleanups.push(() => socket.destroy());
    await once(socket, 'connect');
    socket.setEncoding('utf8');
    let answer = '';
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.write(head);
    const guard = setTimeout(
      () => socket.destroy(new Error('the router still held the socket after 10 s')),
      10_000,
    );
    try {
      await once(socket, 'close');
    } finally {
      clearTimeout(guard);
    }
    return answer;
  }
  const short = { headersTimeoutMs: 500, requestTimeoutMs: 1_000 };

  it('when nothing is configured, then a request must arrive within 30 s and its headers within 20 s, as at the services', async () => {
    const server = createLocalRouter([], { services, staticDir: staticDir() });
    expect([server.requestTimeout, server.headersTimeout]).toEqual([30_000, 20_000]);
  });

  it('when the headers stall (slowloris), then the router answers 408 and closes the socket', async () => {
    const url = await router([], short);
    expect(await stall(url, 'GET / HTTP/1.1\r\nHost: local\r\nX-Slow: ')).toMatch(
      /^HTTP\/1\.1 408 /,
    );
  });

  it('when a body to a service stalls half-way, then the router closes the socket instead of holding it', async () => {
    const url = await router([await backend('consumer-1')], short);
    const head = 'POST /api/consumer/x HTTP/1.1\r\nHost: local\r\nContent-Length: 100\r\n\r\n{"a":';
    await expect(stall(url, head)).resolves.toBeTypeOf('string');
  });
});

describe('local router: readiness', () => {
  it('when one instance is not ready, then every request goes to the ready one; when none is, a 503 says so', async () => {
    const down = { ok: false };
    const url = await router([await backend('consumer-1', down), await backend('consumer-2')]);
    const pods = await Promise.all(
      Array.from({ length: 6 }, async () => (await rawGet(url, '/api/consumer/stats')).body),
    );
    expect(new Set(pods)).toEqual(new Set(['consumer-2']));

    down.ok = true;
    const both = await Promise.all(
      Array.from({ length: 6 }, async () => (await rawGet(url, '/api/consumer/stats')).body),
    );
    expect(new Set(both)).toEqual(new Set(['consumer-1', 'consumer-2']));
  });

  it('when no instance is ready, then the router answers 503 naming the service', async () => {
    const url = await router([await backend('consumer-1', { ok: false })]);
    const answer = await rawGet(url, '/api/consumer/stats');
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body)).toEqual({
      error: { code: 'SERVICE_UNAVAILABLE', message: 'consumer has no ready instance' },
    });
  });
});

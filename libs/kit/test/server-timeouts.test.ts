import { once } from 'node:events';
import { connect } from 'node:net';
import { Router } from 'express';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { baseConfigSchema, loadConfig, startService, type RunningService } from '../src/index.js';

const quiet = { logger: pino({ level: 'silent' }) };
/** An answer that takes longer than the short request timeout, as an event stream does. */
const factory = async () => {
  const api = Router();
  api.get('/late-answer', async (_req, res) => {
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    res.json({ late: true });
  });
  return { api, readiness: {} };
};

async function start(env: Record<string, string> = {}): Promise<RunningService> {
  const config = loadConfig(baseConfigSchema, { PORT: '0', ...env });
  const running = await startService('slow', factory, config, quiet);
  afterAll(() => running.stop());
  return running;
}

const defaults = await start();
const short = await start({ HTTP_HEADERS_TIMEOUT_MS: '500', HTTP_REQUEST_TIMEOUT_MS: '1000' });

/**
 * Writes `head` on a fresh socket and sends nothing more: resolves with what the server wrote
 * before it closed the socket. A server that keeps it past the guard fails the test.
 */
function stallAfter(port: number, head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(head));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.setTimeout(15_000, () => {
      socket.destroy();
      reject(new Error('the server still held the socket after 15 s'));
    });
  });
}

describe('request and header timeouts', { timeout: 20_000 }, () => {
  it('when nothing is configured, then a request must arrive within 30 s and its headers within 20 s (Node allows 300 s)', () => {
    expect(defaults.server.requestTimeout).toBe(30_000);
    expect(defaults.server.headersTimeout).toBe(20_000);
    expect(defaults.server.keepAliveTimeout).toBe(65_000);
  });

  it('when a body stalls half-way, then the server answers 408 REQUEST_TIMEOUT as JSON and closes the socket', async () => {
    const answer = await stallAfter(
      short.port,
      'POST /api/slow/anything HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toContain('"code":"REQUEST_TIMEOUT"');
  });

  it('when the headers stall (slowloris), then the server answers 408 and closes the socket', async () => {
    const answer = await stallAfter(short.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('when the answer takes longer than the request timeout (a long poll, an event stream), then it is not cut: only receiving the request is timed', async () => {
    const response = await fetch(`${short.url}/api/slow/late-answer`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ late: true });
  });

  it('when a keep-alive connection idles past both timeouts between requests, then its next request is still served', async () => {
    const socket = connect(short.port, '127.0.0.1');
    await once(socket, 'connect');
    const ask = () =>
      new Promise<string>((resolve) => {
        socket.once('data', (chunk) => resolve(String(chunk)));
        socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      });
    try {
      expect(await ask()).toMatch(/^HTTP\/1\.1 200 /);
      // Idle longer than the request timeout (1 s) plus a check: only a request in progress is timed.
      await new Promise((resolve) => setTimeout(resolve, 1_600));
      expect(await ask()).toMatch(/^HTTP\/1\.1 200 /);
    } finally {
      socket.destroy();
    }
  });
});

import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Router } from 'express';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import { createHttpApp, Lifecycle } from '../src/index.js';
import { requireAuth, unauthenticated, type JwtVerifier } from '../src/auth/index.js';

const SECRET = 'eyJhbGciOiJFZERTQSJ9.dG9wLXNlY3JldA.c2lnbmF0dXJl';

/**
 * An app with one EventSource-style route that takes its token from the query, whose log lines
 * are kept: the place an access token could leak is the request log, so read it.
 */
async function startApp() {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
  const lifecycle = new Lifecycle({ logger, shutdownDelayMs: 0, shutdownTimeoutMs: 1_000 });
  const accepted: string[] = [];
  const verifier: JwtVerifier = {
    async verify(token) {
      if (token !== SECRET) throw unauthenticated('bad token');
      accepted.push(token);
      return { id: 'u1', username: 'ana', tokenExpiresAt: Date.now() + 60_000 };
    },
  };
  const api = Router();
  api.get('/events', requireAuth(verifier, { allowQueryToken: true }), (_req, res) => {
    res.json({ ok: true });
  });
  const app = createHttpApp({
    service: 'feed',
    version: '1.0.0',
    pod: 'feed-1',
    logger,
    lifecycle,
    registry: new Registry(),
    readiness: {},
    api,
  });
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, lines, accepted };
}

const feed = await startApp();

/** Waits for the request's "request completed" line (written when the response closes). */
async function logOf(correlationId: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const mine = feed.lines.filter((line) => line.includes(correlationId));
    if (mine.some((line) => line.includes('request completed'))) return mine.join('\n');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no log line for ${correlationId}`);
}

describe('an access token in the query string', () => {
  it.each([
    ['the literal name', 'access_token=T', 200],
    ['a percent-encoded underscore', 'access%5Ftoken=T', 200],
    ['a lower-case escape', 'access%5ftoken=T', 200],
    ['encoded letters', '%61ccess_t%6Fken=T', 200],
    ['an upper-case name', 'ACCESS_TOKEN=T', 401],
    ['the name repeated', 'access_token=T&access%5Ftoken=T', 401],
    ['another parameter before it', 'since=5&access%5Ftoken=T', 200],
  ])(
    'when its name is written with %s, then the log never shows it',
    async (name, query, status) => {
      const correlationId = `token-log-${name.replaceAll(' ', '-')}`;
      const response = await fetch(
        `${feed.url}/api/feed/events?${query.replaceAll('=T', `=${SECRET}`)}`,
        {
          headers: { 'x-correlation-id': correlationId },
        },
      );
      expect(response.status).toBe(status);
      const log = await logOf(correlationId);
      expect(log).toContain('[redacted]');
      expect(log).not.toContain(SECRET);
    },
  );

  it('when requireAuth accepted a token from an encoded name, then it was that token', () => {
    expect(feed.accepted.length).toBeGreaterThan(0);
    expect(new Set(feed.accepted)).toEqual(new Set([SECRET]));
  });
});

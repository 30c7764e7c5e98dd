import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express, { type Response } from 'express';
import { pino } from 'pino';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Lifecycle, openEventStream, type EventStream } from '../src/index.js';

const HEARTBEAT_MS = 20;
const logger = pino({ level: 'silent' });
const lifecycle = new Lifecycle({ logger, shutdownDelayMs: 0, shutdownTimeoutMs: 1_000 });

/** Each test's route hands its stream (and response) over here, to be driven from the test. */
let opened: (stream: EventStream, res: Response) => void = () => undefined;
const app = express();
app.get('/events', (req, res) => {
  opened(openEventStream(req, res, lifecycle, HEARTBEAT_MS), res);
});
const server = app.listen(0, '127.0.0.1');
await once(server, 'listening');
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function open() {
  const next = new Promise<{ stream: EventStream; res: Response }>((resolve) => {
    opened = (stream, res) => resolve({ stream, res });
  });
  const aborted = new AbortController();
  const response = await fetch(url, { signal: aborted.signal });
  return { response, aborted, ...(await next) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('openEventStream', () => {
  it('when events are sent and the stream ended with a last one, then the client reads them all in order and the body ends', async () => {
    const { response, stream } = await open();
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    stream.send({ n: 1 }, { event: 'tick', id: '7' });
    stream.end({ data: { bye: true }, event: 'done' });
    const body = await response.text();
    expect(body).toContain('id: 7\nevent: tick\ndata: {"n":1}\n\n');
    expect(body.endsWith('event: done\ndata: {"bye":true}\n\n')).toBe(true);
    expect(stream.closed).toBe(true);
  });

  // Regression: the stream counted as open until the connection's close event, a moment after
  // res.end(); a heartbeat in between wrote after end, an unheard 'error' that killed the process.
  it('when ended from this side, then nothing is written after the end, heartbeat or send', async () => {
    const { response, stream, res } = await open();
    const errors = vi.fn();
    res.on('error', errors);
    stream.end();
    stream.send({ late: true });
    await sleep(HEARTBEAT_MS * 4);
    expect(errors).not.toHaveBeenCalled();
    expect(await response.text()).not.toContain('late');
  });

  it('when ended twice or closed by both sides, then the close listeners run once', async () => {
    const { response, stream } = await open();
    const closed = vi.fn();
    stream.onClose(closed);
    stream.end();
    stream.end();
    await response.text();
    await sleep(20);
    expect(closed).toHaveBeenCalledTimes(1);
  });

  it('when the client goes away, then the stream is closed and its listeners run', async () => {
    const { aborted, stream } = await open();
    const closed = vi.fn();
    stream.onClose(closed);
    aborted.abort();
    await vi.waitFor(() => expect(closed).toHaveBeenCalledTimes(1));
    expect(stream.closed).toBe(true);
  });

  it('when idle, then comment heartbeats keep proxies from timing it out', async () => {
    const { response, stream } = await open();
    await sleep(HEARTBEAT_MS * 3);
    stream.end();
    expect(await response.text()).toContain(': keep-alive\n\n');
  });

  it('when the service shuts down, then open streams end so draining is not held up', async () => {
    const first = await open();
    const second = await open();
    await lifecycle.shutdown('test');
    expect(first.stream.closed && second.stream.closed).toBe(true);
    await expect(first.response.text()).resolves.toContain('retry: 2000');
    await expect(second.response.text()).resolves.toContain('retry: 2000');
  });
});

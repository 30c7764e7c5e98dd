import type { Request, Response } from 'express';
import type { Lifecycle } from '../lifecycle/lifecycle.js';

export interface EventStream {
  send(data: unknown, options?: { event?: string; id?: string }): void;
  readonly closed: boolean;
  onClose(listener: () => void): void;
}

/**
 * Turns a response into a server-sent event stream: headers proxies must not buffer, a
 * comment heartbeat so idle connections survive proxies, and an end on shutdown so
 * draining is not held up by clients that never leave (they reconnect elsewhere).
 */
export function openEventStream(
  req: Request,
  res: Response,
  lifecycle: Lifecycle,
  heartbeatMs = 15_000,
): EventStream {
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache, no-transform');
  res.setHeader('Connection', 'keep-alive');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  res.write('retry: 2000\n\n');
  const open = openStreams(lifecycle);
  open.add(res);

  const listeners: (() => void)[] = [];
  let closed = false;
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs);
  heartbeat.unref();
  req.on('close', () => {
    closed = true;
    clearInterval(heartbeat);
    open.delete(res);
    for (const listener of listeners) listener();
  });

  return {
    send(data, options = {}) {
      if (closed) return;
      let frame = '';
      if (options.id) frame += `id: ${options.id}\n`;
      if (options.event) frame += `event: ${options.event}\n`;
      frame += `data: ${JSON.stringify(data)}\n\n`;
      res.write(frame);
    },
    get closed() {
      return closed;
    },
    onClose(listener) {
      listeners.push(listener);
    },
  };
}

const streamsByLifecycle = new WeakMap<Lifecycle, Set<Response>>();

function openStreams(lifecycle: Lifecycle): Set<Response> {
  let open = streamsByLifecycle.get(lifecycle);
  if (!open) {
    const streams = new Set<Response>();
    open = streams;
    streamsByLifecycle.set(lifecycle, streams);
    lifecycle.onShutdown('event streams', () => {
      for (const stream of streams) stream.end();
      streams.clear();
    });
  }
  return open;
}

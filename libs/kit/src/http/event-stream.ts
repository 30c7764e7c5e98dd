import type { Request, Response } from 'express';
import type { Lifecycle } from '../lifecycle/lifecycle.js';

export interface EventOptions {
  event?: string;
  id?: string;
}

export interface EventStream {
  /** Writes one event; does nothing once the stream is closed. */
  send(data: unknown, options?: EventOptions): void;
  /** Ends the stream from this side, after one last event if given; safe to call more than once. */
  end(last?: { data: unknown } & EventOptions): void;
  readonly closed: boolean;
  /** Runs once when the stream is over, ended by either side. */
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

  const listeners: (() => void)[] = [];
  let closed = false;
  // Marks the stream closed at once: the connection's close event comes a moment after
  // res.end(), and a heartbeat or send written in between would be a write after end, an
  // 'error' on the response that nothing listens to, which takes the process down.
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    open.delete(stream);
    for (const listener of listeners) listener();
  };
  const heartbeat = setInterval(() => {
    if (!closed) res.write(': keep-alive\n\n');
  }, heartbeatMs);
  heartbeat.unref();
  req.on('close', close);

  const stream: EventStream = {
    send(data, options = {}) {
      if (closed) return;
      res.write(frameOf(data, options));
    },
    end(last) {
      if (closed) return;
      const frame = last ? frameOf(last.data, last) : undefined;
      close();
      if (frame) res.end(frame);
      else res.end();
    },
    get closed() {
      return closed;
    },
    onClose(listener) {
      listeners.push(listener);
    },
  };
  const open = openStreams(lifecycle);
  open.add(stream);
  return stream;
}

function frameOf(data: unknown, { event, id }: EventOptions): string {
  let frame = '';
  if (id) frame += `id: ${id}\n`;
  if (event) frame += `event: ${event}\n`;
  return `${frame}data: ${JSON.stringify(data)}\n\n`;
}

const streamsByLifecycle = new WeakMap<Lifecycle, Set<EventStream>>();

function openStreams(lifecycle: Lifecycle): Set<EventStream> {
  let open = streamsByLifecycle.get(lifecycle);
  if (!open) {
    const streams = new Set<EventStream>();
    open = streams;
    streamsByLifecycle.set(lifecycle, streams);
    lifecycle.onShutdown('event streams', () => {
      for (const stream of [...streams]) stream.end();
    });
  }
  return open;
}

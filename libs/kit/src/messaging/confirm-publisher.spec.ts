import { EventEmitter } from 'node:events';
import { context, createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import type { AmqpConnectionManager } from 'amqp-connection-manager';
import type { ConfirmChannel, Options } from 'amqplib';
import { Registry } from 'prom-client';
import { pino } from 'pino';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { Lifecycle } from '../lifecycle/lifecycle.js';
import { ConfirmPublisher, type OutgoingMessage } from './confirm-publisher.js';

const lifecycle = () =>
  new Lifecycle({ logger: pino({ level: 'silent' }), shutdownDelayMs: 0, shutdownTimeoutMs: 1000 });

/**
 * A ConfirmChannel that confirms each publish on a later tick with what `confirmWith` answers
 * for it (null: ack; an Error: nack; 'never': no confirm), the way amqplib calls the callback.
 */
class FakeChannel extends EventEmitter {
  confirmWith: (n: number) => Error | null | 'never' = () => null;
  private count = 0;
  private readonly pending = new Set<(error: Error) => void>();

  publish = vi.fn(
    (
      _exchange: string,
      _routingKey: string,
      _content: Buffer,
      _options: Options.Publish,
      callback: (error: Error | null) => void,
    ) => {
      const answer = this.confirmWith(++this.count);
      if (answer === 'never') this.pending.add(callback);
      else setImmediate(() => callback(answer));
      return true;
    },
  );

  /** What amqplib does when a channel closes: every pending confirm fails. */
  close(): void {
    for (const callback of this.pending) callback(new Error('channel closed'));
    this.pending.clear();
    this.emit('close');
  }
}

/** A publisher on a fake connection; `connect()` runs the channel setup the way a (re)connect does. */
function fakePublisher(
  options: { window?: number; windowBytes?: number; confirmTimeoutMs?: number } = {},
) {
  let setup: ((channel: ConfirmChannel) => Promise<void>) | undefined;
  const wrapper = {
    close: vi.fn(async () => undefined),
    on: vi.fn(),
  };
  const connection = {
    createChannel: (channelOptions: { setup: (channel: ConfirmChannel) => Promise<void> }) => {
      setup = channelOptions.setup;
      return wrapper;
    },
  } as unknown as AmqpConnectionManager;
  const declared = vi.fn(async () => undefined);
  const registry = new Registry();
  const publisher = new ConfirmPublisher(connection, lifecycle(), {
    exchange: 'orders',
    routingKey: 'orders.q',
    setup: declared,
    confirmTimeoutMs: options.confirmTimeoutMs ?? 1_000,
    window: options.window,
    windowBytes: options.windowBytes,
    registry,
  });
  const connect = async () => {
    const channel = new FakeChannel();
    await setup?.(channel as unknown as ConfirmChannel);
    return channel;
  };
  return { publisher, connect, declared, registry };
}

const message = (n: number): OutgoingMessage => ({
  body: Buffer.from(`{"n":${n}}`),
  messageId: `id-${n}`,
  correlationId: 'corr-1',
});

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('ConfirmPublisher', () => {
  it('when no channel is ready, then publish fails at once with 503 BROKER_UNAVAILABLE and a Retry-After', async () => {
    const { publisher } = fakePublisher();
    const error = await rejection(publisher.publish([message(1)]));
    expect(error).toMatchObject({
      code: 'BROKER_UNAVAILABLE',
      status: 503,
      retryAfterSeconds: 5,
      operational: true,
    });
    expect(() => publisher.checkReady()).toThrow('no publishing channel');
  });

  it('when the channel is set up, then it publishes persistent JSON with ids and the correlation header', async () => {
    const { publisher, connect, declared } = fakePublisher();
    const channel = await connect();
    expect(declared).toHaveBeenCalledOnce();
    expect(() => publisher.checkReady()).not.toThrow();
    expect(await publisher.publish([message(1), message(2)])).toBe(2);
    expect(channel.publish).toHaveBeenCalledTimes(2);
    expect(channel.publish).toHaveBeenCalledWith(
      'orders',
      'orders.q',
      Buffer.from('{"n":1}'),
      expect.objectContaining({
        persistent: true,
        contentType: 'application/json',
        messageId: 'id-1',
        correlationId: 'corr-1',
        headers: { 'x-correlation-id': 'corr-1' },
        timestamp: expect.any(Number),
      }),
      expect.any(Function),
    );
  });

  it('when messages are confirmed, then the published counter grows by as many', async () => {
    const { publisher, connect, registry } = fakePublisher({ window: 2 });
    await connect();
    await publisher.publish([1, 2, 3].map(message));
    const metric = await registry.getSingleMetricAsString('amqp_messages_published_total');
    expect(metric).toContain('amqp_messages_published_total{exchange="orders"} 3');
  });

  it('when there are more messages than a window, then a window is published only after the previous one was confirmed', async () => {
    const { publisher, connect } = fakePublisher({ window: 2 });
    const channel = await connect();
    let resume: (() => void) | undefined;
    channel.confirmWith = (n) => {
      if (n === 2) {
        const held = channel.publish.mock.calls[1]?.[4];
        resume = () => held?.(null);
        return 'never';
      }
      return null;
    };
    const publishing = publisher.publish([1, 2, 3].map(message));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(channel.publish).toHaveBeenCalledTimes(2);
    resume?.();
    expect(await publishing).toBe(3);
    expect(channel.publish).toHaveBeenCalledTimes(3);
  });

  it('when given a generator, then it reads only one window ahead of the confirms', async () => {
    const { publisher, connect } = fakePublisher({ window: 3 });
    const channel = await connect();
    let made = 0;
    function* lazy() {
      for (let n = 1; n <= 7; n++) {
        made = n;
        yield message(n);
      }
    }
    let resume: (() => void) | undefined;
    channel.confirmWith = (n) => {
      if (n !== 3) return null;
      const held = channel.publish.mock.calls[2]?.[4];
      resume = () => held?.(null);
      return 'never';
    };
    const publishing = publisher.publish(lazy(), 7);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(made).toBe(3);
    resume?.();
    expect(await publishing).toBe(7);
    expect(channel.publish).toHaveBeenCalledTimes(7);
  });

  it('when messages are large, then a window closes at windowBytes of bodies', async () => {
    const { publisher, connect } = fakePublisher({ window: 100, windowBytes: 20 });
    const channel = await connect();
    let inFlight = 0;
    let most = 0;
    channel.confirmWith = () => {
      most = Math.max(most, ++inFlight);
      return null;
    };
    channel.publish.mockImplementation((...args) => {
      const callback = args[4];
      channel.confirmWith(0);
      setImmediate(() => {
        inFlight -= 1;
        callback(null);
      });
      return true;
    });
    const big = (n: number): OutgoingMessage => ({ ...message(n), body: Buffer.alloc(8) });
    expect(await publisher.publish([1, 2, 3, 4, 5, 6, 7].map(big))).toBe(7);
    expect(most).toBe(3);
  });

  it('when a generator fails mid-way, then the error names how many of the total were confirmed', async () => {
    const { publisher, connect } = fakePublisher({ window: 2 });
    const channel = await connect();
    channel.confirmWith = (n) => (n === 3 ? new Error('message nacked') : null);
    function* lazy() {
      for (let n = 1; n <= 5; n++) yield message(n);
    }
    const error = await rejection(publisher.publish(lazy(), 5));
    expect(error.message).toContain('2 of 5 messages were confirmed');
  });

  it('when the channel closes, then publish answers 503 again until the next setup', async () => {
    const { publisher, connect } = fakePublisher();
    const channel = await connect();
    channel.close();
    expect((await rejection(publisher.publish([message(1)]))).status).toBe(503);
    expect(() => publisher.checkReady()).toThrow('no publishing channel');
    await connect();
    expect(await publisher.publish([message(1)])).toBe(1);
  });

  it('when a confirm fails mid-way, then it is a 503 saying how many were confirmed before', async () => {
    const { publisher, connect } = fakePublisher({ window: 2 });
    const channel = await connect();
    channel.confirmWith = (n) => (n === 3 ? new Error('message nacked') : null);
    const error = await rejection(publisher.publish([1, 2, 3, 4, 5].map(message)));
    expect(error).toMatchObject({ code: 'BROKER_UNAVAILABLE', status: 503, retryAfterSeconds: 5 });
    expect(error.message).toContain('2 of 5 messages were confirmed');
    expect((error.cause as Error).message).toBe('message nacked');
    expect(channel.publish).toHaveBeenCalledTimes(4);
  });

  it('when no confirm comes within the timeout, then it is a 503', async () => {
    const { publisher, connect } = fakePublisher({ confirmTimeoutMs: 50 });
    const channel = await connect();
    channel.confirmWith = () => 'never';
    const started = Date.now();
    const error = await rejection(publisher.publish([message(1)]));
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(error).toMatchObject({ code: 'BROKER_UNAVAILABLE', status: 503 });
    expect((error.cause as Error).message).toBe('timeout waiting for confirm');
  });

  it('when the channel closes before the confirms came, then it is a 503 at once, not after the timeout', async () => {
    const { publisher, connect } = fakePublisher({ confirmTimeoutMs: 60_000 });
    const channel = await connect();
    channel.confirmWith = () => 'never';
    const publishing = rejection(publisher.publish([message(1), message(2)]));
    await new Promise((resolve) => setImmediate(resolve));
    channel.close();
    const error = await publishing;
    expect(error).toMatchObject({ code: 'BROKER_UNAVAILABLE', status: 503 });
    expect((error.cause as Error).message).toBe('channel closed');
  });

  it('when the channel throws on publish, then it is a 503', async () => {
    const { publisher, connect } = fakePublisher();
    const channel = await connect();
    channel.publish.mockImplementationOnce(() => {
      throw new Error('Channel closed');
    });
    const error = await rejection(publisher.publish([message(1)]));
    expect(error).toMatchObject({ code: 'BROKER_UNAVAILABLE', status: 503 });
  });

  it('when a message carries its trace context, then it is published in that context, not the caller’s', async () => {
    // What tracing installs; the instrumentation's publish span takes its parent from here.
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    afterAll(() => context.disable());
    const post = createContextKey('post');
    const { publisher, connect } = fakePublisher();
    const channel = await connect();
    const seen: unknown[] = [];
    channel.publish.mockImplementation((...args) => {
      seen.push(context.active().getValue(post));
      setImmediate(() => args[4](null));
      return true;
    });
    const later = { ...message(2), traceContext: ROOT_CONTEXT.setValue(post, 'post 2') };
    await context.with(ROOT_CONTEXT.setValue(post, 'flush'), () =>
      publisher.publish([message(1), later]),
    );
    expect(seen).toEqual(['flush', 'post 2']);
  });
});

import { EventEmitter } from 'node:events';
import type { AmqpConnectionManager } from 'amqp-connection-manager';
import type { ConfirmChannel } from 'amqplib';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { Lifecycle } from '../lifecycle/lifecycle.js';
import { ConfirmPublisher, type OutgoingMessage } from './confirm-publisher.js';

const lifecycle = () =>
  new Lifecycle({ logger: pino({ level: 'silent' }), shutdownDelayMs: 0, shutdownTimeoutMs: 1000 });

/** A publisher on a fake connection; `connect()` runs the channel setup the way a (re)connect does. */
function fakePublisher(window?: number) {
  let setup: ((channel: ConfirmChannel) => Promise<void>) | undefined;
  const wrapper = {
    publish: vi.fn(async () => true),
    close: vi.fn(async () => undefined),
    on: vi.fn(),
  };
  const connection = {
    createChannel: (options: { setup: (channel: ConfirmChannel) => Promise<void> }) => {
      setup = options.setup;
      return wrapper;
    },
  } as unknown as AmqpConnectionManager;
  const declared = vi.fn(async () => undefined);
  const publisher = new ConfirmPublisher(connection, lifecycle(), {
    exchange: 'orders',
    routingKey: 'orders.q',
    setup: declared,
    confirmTimeoutMs: 1_000,
    window,
  });
  const connect = async () => {
    const channel = new EventEmitter();
    await setup?.(channel as unknown as ConfirmChannel);
    return channel;
  };
  return { publisher, wrapper, connect, declared };
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
    const { publisher, wrapper } = fakePublisher();
    const error = await rejection(publisher.publish([message(1)]));
    expect(error).toMatchObject({
      code: 'BROKER_UNAVAILABLE',
      status: 503,
      retryAfterSeconds: 5,
      operational: true,
    });
    expect(wrapper.publish).not.toHaveBeenCalled();
    expect(() => publisher.checkReady()).toThrow('no publishing channel');
  });

  it('when the channel is set up, then it publishes persistent JSON with ids and the correlation header', async () => {
    const { publisher, wrapper, connect, declared } = fakePublisher();
    await connect();
    expect(declared).toHaveBeenCalledOnce();
    expect(() => publisher.checkReady()).not.toThrow();
    expect(await publisher.publish([message(1), message(2)])).toBe(2);
    expect(wrapper.publish).toHaveBeenCalledTimes(2);
    expect(wrapper.publish).toHaveBeenCalledWith(
      'orders',
      'orders.q',
      Buffer.from('{"n":1}'),
      expect.objectContaining({
        persistent: true,
        contentType: 'application/json',
        messageId: 'id-1',
        correlationId: 'corr-1',
        headers: { 'x-correlation-id': 'corr-1' },
        timeout: 1_000,
      }),
    );
  });

  it('when the channel closes, then publish answers 503 again until the next setup', async () => {
    const { publisher, connect } = fakePublisher();
    const channel = await connect();
    channel.emit('close');
    expect((await rejection(publisher.publish([message(1)]))).status).toBe(503);
    await connect();
    expect(await publisher.publish([message(1)])).toBe(1);
  });

  it('when a confirm fails mid-way, then it is a 503 saying how many were confirmed before', async () => {
    const { publisher, wrapper, connect } = fakePublisher(2);
    await connect();
    wrapper.publish
      .mockResolvedValueOnce(true)
      .mockResolvedValueOnce(true)
      .mockRejectedValueOnce(new Error('timeout waiting for confirm'));
    const error = await rejection(publisher.publish([1, 2, 3, 4, 5].map(message)));
    expect(error).toMatchObject({ code: 'BROKER_UNAVAILABLE', status: 503, retryAfterSeconds: 5 });
    expect(error.message).toContain('2 of 5 messages were confirmed');
    expect((error.cause as Error).message).toBe('timeout waiting for confirm');
  });
});

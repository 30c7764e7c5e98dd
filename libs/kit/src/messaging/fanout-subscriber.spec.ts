import { EventEmitter } from 'node:events';
import type { AmqpConnectionManager } from 'amqp-connection-manager';
import type { Channel, ConsumeMessage } from 'amqplib';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { Lifecycle } from '../lifecycle/lifecycle.js';
import { FanoutSubscriber } from './fanout-subscriber.js';

const silent = pino({ level: 'silent' });

/** A channel that records what setup declared and lets the test push deliveries. */
function fakeChannel(queue: string) {
  const channel = new EventEmitter() as EventEmitter & Record<string, ReturnType<typeof vi.fn>>;
  let onDelivery: ((message: ConsumeMessage | null) => void) | undefined;
  channel.assertExchange = vi.fn(async () => ({}));
  channel.assertQueue = vi.fn(async () => ({ queue, messageCount: 0, consumerCount: 0 }));
  channel.bindQueue = vi.fn(async () => ({}));
  channel.consume = vi.fn(async (_q: string, handler: typeof onDelivery) => {
    onDelivery = handler;
    return { consumerTag: 'ctag' };
  });
  const push = (body: string) =>
    onDelivery?.({ content: Buffer.from(body), fields: {}, properties: {} } as ConsumeMessage);
  return { channel, push, asChannel: channel as unknown as Channel };
}

/** A subscriber on a fake connection; `connect()` runs the channel setup as a (re)connect does. */
function fakeSubscriber(overrides: { onMessage?: (m: ConsumeMessage) => void } = {}) {
  let setup: ((channel: Channel) => Promise<void>) | undefined;
  const wrapper = Object.assign(new EventEmitter(), { close: vi.fn(async () => undefined) });
  const createChannel = vi.fn((options: { setup: (channel: Channel) => Promise<void> }) => {
    setup = options.setup;
    return wrapper;
  });
  const connection = { createChannel } as unknown as AmqpConnectionManager;
  const lifecycle = new Lifecycle({ logger: silent, shutdownDelayMs: 0, shutdownTimeoutMs: 1000 });
  const received: string[] = [];
  const subscribed: boolean[] = [];
  const subscriber = new FanoutSubscriber(connection, lifecycle, {
    exchange: 'chat.x',
    onMessage: overrides.onMessage ?? ((m) => received.push(m.content.toString())),
    onSubscribed: (again) => subscribed.push(again),
    logger: silent,
  });
  const connect = async (queue: string) => {
    const fake = fakeChannel(queue);
    await setup?.(fake.asChannel);
    return fake;
  };
  return { subscriber, connect, received, subscribed, wrapper, lifecycle, createChannel };
}

describe('FanoutSubscriber', () => {
  it('when set up, then it declares a durable fan-out exchange and its own exclusive, auto-deleted, bounded queue bound to it', async () => {
    const { subscriber, connect } = fakeSubscriber();
    expect(() => subscriber.checkSubscribed()).toThrow('not subscribed to chat.x');
    const { channel } = await connect('amq.gen-1');
    expect(channel.assertExchange).toHaveBeenCalledWith('chat.x', 'fanout', { durable: true });
    expect(channel.assertQueue).toHaveBeenCalledWith('', {
      exclusive: true,
      autoDelete: true,
      durable: false,
      arguments: { 'x-max-length': 10_000, 'x-overflow': 'drop-head' },
    });
    expect(channel.bindQueue).toHaveBeenCalledWith('amq.gen-1', 'chat.x', '');
    expect(channel.consume).toHaveBeenCalledWith('amq.gen-1', expect.any(Function), {
      noAck: true,
    });
    expect(subscriber.queue).toBe('amq.gen-1');
    expect(() => subscriber.checkSubscribed()).not.toThrow();
  });

  it('when messages arrive, then each reaches onMessage in order', async () => {
    const { connect, received } = fakeSubscriber();
    const { push } = await connect('amq.gen-1');
    push('one');
    push('two');
    expect(received).toEqual(['one', 'two']);
  });

  it('when the handler throws, then the subscriber keeps delivering the next messages', async () => {
    const seen: string[] = [];
    const { connect } = fakeSubscriber({
      onMessage: (m) => {
        seen.push(m.content.toString());
        if (seen.length === 1) throw new Error('boom');
      },
    });
    const { push } = await connect('amq.gen-1');
    push('bad');
    push('good');
    expect(seen).toEqual(['bad', 'good']);
  });

  it('when the channel closes and the connection comes back, then it re-declares, re-consumes on a new queue and says it subscribed again', async () => {
    const { subscriber, connect, received, subscribed } = fakeSubscriber();
    const first = await connect('amq.gen-1');
    first.channel.emit('close');
    expect(() => subscriber.checkSubscribed()).toThrow();
    const second = await connect('amq.gen-2');
    expect(second.channel.assertExchange).toHaveBeenCalledOnce();
    expect(second.channel.bindQueue).toHaveBeenCalledWith('amq.gen-2', 'chat.x', '');
    expect(subscriber.queue).toBe('amq.gen-2');
    expect(subscribed).toEqual([false, true]);
    second.push('after reconnect');
    expect(received).toEqual(['after reconnect']);
  });

  it('when a setup is cut short, then the channel error is heard (not an unhandled rejection)', () => {
    const { wrapper } = fakeSubscriber();
    expect(wrapper.listenerCount('error')).toBe(1);
    expect(() =>
      wrapper.emit('error', new Error('Channel ended, no reply will be forthcoming')),
    ).not.toThrow();
  });

  it('when the service shuts down, then its channel is closed', async () => {
    const { lifecycle, wrapper } = fakeSubscriber();
    expect(await lifecycle.shutdown('test')).toBe(true);
    expect(wrapper.close).toHaveBeenCalledOnce();
  });
});

import { EventEmitter } from 'node:events';
import type { AmqpConnectionManager } from 'amqp-connection-manager';
import type { ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { Lifecycle } from '../lifecycle/lifecycle.js';
import {
  BatchConsumer,
  DEAD_LETTER_REASON_HEADER,
  type BatchConsumerOptions,
} from './batch-consumer.js';

const logger = pino({ level: 'silent' });

/** Everything the fakes saw, in order, so tests can assert what happened before what. */
type Event = string;

/** A ConfirmChannel that records acks and publishes; publish confirms on the next tick. */
class FakeChannel extends EventEmitter {
  deliver?: (message: ConsumeMessage | null) => void;
  readonly published: { exchange: string; routingKey: string; options: Options.Publish }[] = [];
  confirmWith: Error | null = null;
  private nextTag = 1;

  constructor(private readonly events: Event[]) {
    super();
  }

  prefetch = vi.fn(async () => undefined);
  consume = vi.fn(async (_queue: string, onMessage: (message: ConsumeMessage | null) => void) => {
    this.deliver = onMessage;
    return { consumerTag: 'ctag-1' };
  });
  cancel = vi.fn(async () => {
    this.events.push('cancel');
    return { consumerTag: 'ctag-1' };
  });
  /** Delivered and not acked yet, by tag: what the broker would hold for this channel. */
  readonly outstanding = new Map<number, ConsumeMessage>();
  /** As the broker does: `allUpTo` acks every outstanding tag up to this one; an unknown tag is an error. */
  ack = vi.fn((message: ConsumeMessage, allUpTo = false) => {
    const tag = message.fields.deliveryTag;
    if (!this.outstanding.has(tag))
      throw new Error(`PRECONDITION_FAILED - unknown delivery tag ${tag}`);
    if (allUpTo) this.events.push(`ack-up-to:${idOf(message)}`);
    for (const [outstandingTag, acked] of this.outstanding) {
      if (outstandingTag === tag || (allUpTo && outstandingTag < tag)) {
        this.outstanding.delete(outstandingTag);
        this.events.push(`ack:${idOf(acked)}`);
      }
    }
  });
  publish(
    exchange: string,
    routingKey: string,
    content: Buffer,
    options: Options.Publish,
    callback: (error: Error | null) => void,
  ): boolean {
    this.events.push(`publish:${content.toString()}`);
    this.published.push({ exchange, routingKey, options });
    setImmediate(() => callback(this.confirmWith));
    return true;
  }

  /** Delivers a message whose body is its id. */
  send(id: string): ConsumeMessage {
    const message = {
      content: Buffer.from(id),
      fields: {
        deliveryTag: this.nextTag++,
        redelivered: false,
        exchange: 'x',
        routingKey: 'work',
        consumerTag: 'ctag-1',
      },
      properties: { messageId: id, headers: { 'x-correlation-id': `c-${id}` } },
    } as unknown as ConsumeMessage;
    this.outstanding.set(message.fields.deliveryTag, message);
    this.deliver?.(message);
    return message;
  }
}

const idOf = (message: ConsumeMessage) => message.content.toString();

class PermanentError extends Error {}
class TransientError extends Error {}

/** A consumer on a fake connection, subscribed on one fake channel. */
async function startConsumer(overrides: Partial<BatchConsumerOptions<string>> = {}) {
  const events: Event[] = [];
  const lifecycle = new Lifecycle({ logger, shutdownDelayMs: 0, shutdownTimeoutMs: 5_000 });
  let setup: ((channel: ConfirmChannel) => Promise<void>) | undefined;
  const wrapper = {
    close: vi.fn(async () => {
      events.push('close');
    }),
  };
  const connection = {
    createChannel: (options: { setup: (channel: ConfirmChannel) => Promise<void> }) => {
      setup = options.setup;
      return wrapper;
    },
  } as unknown as AmqpConnectionManager;
  const processed: string[][] = [];
  const consumer = new BatchConsumer<string>(connection, lifecycle, {
    queue: 'work',
    deadLetterExchange: 'work.dlx',
    prefetch: 100,
    batchSize: 5,
    batchWaitMs: 10,
    setup: async () => undefined,
    decode: (message) => ({ ok: true, value: idOf(message) }),
    processBatch: async (batch) => {
      events.push(`process:${batch.join(',')}`);
      processed.push(batch);
    },
    isTransient: (error) => error instanceof TransientError,
    logger,
    maxBackoffMs: 50,
    ...overrides,
  });
  const subscribe = async () => {
    const channel = new FakeChannel(events);
    await setup?.(channel as unknown as ConfirmChannel);
    return channel;
  };
  const channel = await subscribe();
  return { consumer, channel, events, processed, lifecycle, wrapper, subscribe };
}

const acked = (events: Event[]) =>
  events.filter((e) => e.startsWith('ack:')).map((e) => e.slice(4));

describe('BatchConsumer', () => {
  it('when subscribed, then it sets the prefetch, consumes with manual acks and reports consuming', async () => {
    const { consumer, channel } = await startConsumer();
    expect(channel.prefetch).toHaveBeenCalledWith(100);
    expect(channel.consume).toHaveBeenCalledWith('work', expect.any(Function), { noAck: false });
    expect(() => consumer.checkConsuming()).not.toThrow();
  });

  it('when the batch is still committing, then nothing is acked; once it resolves, every message is', async () => {
    let commit!: () => void;
    const { channel, events } = await startConsumer({
      processBatch: (batch) => {
        events.push(`process:${batch.join(',')}`);
        return new Promise<void>((resolve) => (commit = resolve));
      },
    });
    for (const id of ['m1', 'm2', 'm3', 'm4', 'm5']) channel.send(id);
    await vi.waitFor(() => expect(events).toContain('process:m1,m2,m3,m4,m5'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(channel.ack).not.toHaveBeenCalled();
    commit();
    await vi.waitFor(() => expect(acked(events)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']));
    expect(events.indexOf('process:m1,m2,m3,m4,m5')).toBeLessThan(events.indexOf('ack:m1'));
  });

  it('when fewer than a batch arrive, then they are processed together after batchWaitMs', async () => {
    const { channel, processed } = await startConsumer({ batchWaitMs: 30 });
    channel.send('a');
    channel.send('b');
    expect(processed).toEqual([]);
    await vi.waitFor(() => expect(processed).toEqual([['a', 'b']]));
  });

  it('when more than a batch arrive at once, then they are processed in order, a batch at a time', async () => {
    const { channel, processed, events } = await startConsumer({ batchSize: 2 });
    for (const id of ['1', '2', '3', '4', '5']) channel.send(id);
    await vi.waitFor(() => expect(acked(events)).toHaveLength(5));
    expect(processed).toEqual([['1', '2'], ['3', '4'], ['5']]);
  });

  it('when messages arrive while a batch commits, then the next batch takes them all when that commit ends, not one per batchWaitMs', async () => {
    let commit!: () => void;
    const { channel, processed, events } = await startConsumer({
      processBatch: async (batch) => {
        processed.push(batch);
        if (processed.length === 1) await new Promise<void>((resolve) => (commit = resolve));
      },
    });
    for (const id of ['m1', 'm2', 'm3', 'm4', 'm5']) channel.send(id);
    await vi.waitFor(() => expect(commit).toBeTypeOf('function'));
    for (const id of ['a', 'b', 'c']) {
      channel.send(id);
      await new Promise((resolve) => setTimeout(resolve, 30)); // three times batchWaitMs
    }
    expect(processed).toHaveLength(1);
    commit();
    await vi.waitFor(() => expect(acked(events)).toHaveLength(8));
    expect(processed).toEqual([
      ['m1', 'm2', 'm3', 'm4', 'm5'],
      ['a', 'b', 'c'],
    ]);
  });

  it('when the commit fails transiently, then it is retried with the same batch and nothing is acked meanwhile', async () => {
    let attempts = 0;
    const { channel, events } = await startConsumer({
      processBatch: async (batch) => {
        attempts++;
        events.push(`process:${batch.join(',')}`);
        if (attempts <= 2) throw new TransientError('connect ECONNREFUSED');
      },
    });
    channel.send('a');
    channel.send('b');
    await vi.waitFor(() => expect(attempts).toBe(2));
    expect(channel.ack).not.toHaveBeenCalled();
    expect(channel.published).toEqual([]);
    await vi.waitFor(() => expect(acked(events)).toEqual(['a', 'b']));
    expect(events.filter((e) => e.startsWith('process:'))).toEqual([
      'process:a,b',
      'process:a,b',
      'process:a,b',
    ]);
  });

  it('when one message in a batch of 5 fails permanently, then the 4 others are acked and it is dead-lettered with the reason, published before its ack', async () => {
    const { channel, events } = await startConsumer({
      processBatch: async (batch) => {
        events.push(`process:${batch.join(',')}`);
        if (batch.includes('bad')) throw new PermanentError('Data too long for column payload');
      },
    });
    for (const id of ['a', 'b', 'bad', 'c', 'd']) channel.send(id);
    await vi.waitFor(() => expect(acked(events)).toHaveLength(5));

    expect(acked(events).sort()).toEqual(['a', 'b', 'bad', 'c', 'd']);
    expect(channel.published).toHaveLength(1);
    const [dead] = channel.published;
    expect(dead?.exchange).toBe('work.dlx');
    expect(dead?.routingKey).toBe('work');
    expect(dead?.options).toMatchObject({
      persistent: true,
      messageId: 'bad',
      headers: {
        [DEAD_LETTER_REASON_HEADER]: 'processing failed: Data too long for column payload',
        'x-original-queue': 'work',
        'x-correlation-id': 'c-bad',
      },
    });
    expect(events.indexOf('publish:bad')).toBeLessThan(events.indexOf('ack:bad'));
    // The good ones were committed (alone, once the batch was split) before being acked.
    for (const id of ['a', 'b', 'c', 'd'])
      expect(events.indexOf(`process:${id}`)).toBeLessThan(events.indexOf(`ack:${id}`));
  });

  it('when the dead-letter publish is not confirmed, then the poison message is not acked', async () => {
    const { channel, events } = await startConsumer({
      processBatch: async (batch) => {
        if (batch.includes('bad')) throw new PermanentError('nope');
      },
    });
    channel.confirmWith = new Error('nack');
    channel.send('bad');
    await vi.waitFor(() => expect(channel.published).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(acked(events)).toEqual([]);
  });

  it('when a body cannot be decoded, then it is dead-lettered with the decoder reason and never processed', async () => {
    const { channel, events, processed } = await startConsumer({
      decode: (message) =>
        idOf(message) === 'garbage'
          ? { ok: false, reason: 'body is not JSON' }
          : { ok: true, value: idOf(message) },
    });
    channel.send('garbage');
    channel.send('fine');
    await vi.waitFor(() => expect(acked(events).sort()).toEqual(['fine', 'garbage']));
    expect(processed).toEqual([['fine']]);
    expect(channel.published[0]?.options.headers?.[DEAD_LETTER_REASON_HEADER]).toBe(
      'body is not JSON',
    );
  });

  it('when the channel closes while its batch is committing, then its deliveries are not acked', async () => {
    let commit!: () => void;
    const { channel, consumer } = await startConsumer({
      processBatch: () => new Promise<void>((resolve) => (commit = resolve)),
    });
    for (const id of ['a', 'b', 'c', 'd', 'e']) channel.send(id);
    await vi.waitFor(() => expect(commit).toBeTypeOf('function'));
    channel.emit('close');
    commit();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(channel.ack).not.toHaveBeenCalled();
    expect(() => consumer.checkConsuming()).toThrow(/not consuming work/);
  });

  it('when deliveries of a closed channel are still buffered, then they are dropped and the new channel is served', async () => {
    const { channel, subscribe, processed, events } = await startConsumer({ batchWaitMs: 30 });
    channel.send('old');
    channel.emit('close');
    const next = await subscribe();
    next.send('new');
    await vi.waitFor(() => expect(acked(events)).toEqual(['new']));
    expect(processed).toEqual([['new']]);
    expect(channel.ack).not.toHaveBeenCalled();
  });

  it('when stopped with messages buffered, then it cancels, processes and acks them all, then closes the channel', async () => {
    const { channel, events, lifecycle, wrapper } = await startConsumer({ batchWaitMs: 60_000 });
    for (const id of ['a', 'b', 'c']) channel.send(id);
    expect(events).toEqual([]);
    expect(await lifecycle.shutdown('test')).toBe(true);
    expect(events).toEqual([
      'cancel',
      'process:a,b,c',
      'ack-up-to:c',
      'ack:a',
      'ack:b',
      'ack:c',
      'close',
    ]);
    expect(wrapper.close).toHaveBeenCalledOnce();
  });

  it('when stopped while a batch is committing, then it waits for that commit and its acks before closing', async () => {
    let commit!: () => void;
    const { channel, events, lifecycle } = await startConsumer({
      processBatch: (batch) => {
        events.push(`process:${batch.join(',')}`);
        return new Promise<void>((resolve) => (commit = resolve));
      },
    });
    for (const id of ['a', 'b', 'c', 'd', 'e']) channel.send(id);
    await vi.waitFor(() => expect(commit).toBeTypeOf('function'));
    const stopped = lifecycle.shutdown('test');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events).not.toContain('close');
    commit();
    expect(await stopped).toBe(true);
    expect(events.slice(-2)).toEqual(['ack:e', 'close']);
  });

  it('when a batch commits, then it is acked with one frame for all its messages', async () => {
    const { channel, events } = await startConsumer();
    for (const id of ['a', 'b', 'c', 'd', 'e']) channel.send(id);
    await vi.waitFor(() => expect(acked(events)).toEqual(['a', 'b', 'c', 'd', 'e']));
    expect(channel.ack).toHaveBeenCalledOnce();
    expect(events).toContain('ack-up-to:e');
    expect(channel.outstanding.size).toBe(0);
  });

  it('when a poison message awaits its dead-letter confirm, then a later batch does not ack it with its own', async () => {
    const { channel, events } = await startConsumer({
      decode: (message) =>
        idOf(message) === 'garbage'
          ? { ok: false, reason: 'body is not JSON' }
          : { ok: true, value: idOf(message) },
    });
    channel.confirmWith = new Error('nack');
    channel.send('garbage');
    for (const id of ['a', 'b', 'c', 'd', 'e']) channel.send(id);
    await vi.waitFor(() => expect(acked(events)).toEqual(['a', 'b', 'c', 'd', 'e']));
    await new Promise((resolve) => setTimeout(resolve, 30));
    // Not confirmed by the dead-letter exchange: it stays with the broker, for redelivery.
    expect([...channel.outstanding.values()].map(idOf)).toEqual(['garbage']);
    expect(events.some((e) => e.startsWith('ack-up-to:'))).toBe(false);
  });

  it('when a message was left unacked, then later batches are still acked, one by one, without it', async () => {
    const { channel, events } = await startConsumer({
      batchSize: 2,
      processBatch: async (batch) => {
        if (batch.includes('bad')) throw new PermanentError('nope');
      },
    });
    channel.confirmWith = new Error('nack');
    channel.send('bad');
    await vi.waitFor(() => expect(channel.published).toHaveLength(1));
    for (const id of ['a', 'b', 'c']) channel.send(id);
    await vi.waitFor(() => expect(acked(events)).toEqual(['a', 'b', 'c']));
    expect([...channel.outstanding.values()].map(idOf)).toEqual(['bad']);
  });

  describe('with two commits in flight', () => {
    /** A consumer whose commits each wait for their own release, in any order the test picks. */
    async function startWithHeldCommits(overrides: Partial<BatchConsumerOptions<string>> = {}) {
      const release = new Map<string, () => void>();
      const started = await startConsumer({
        commitsInFlight: 2,
        processBatch: (batch) => {
          started.events.push(`process:${batch.join(',')}`);
          return new Promise<void>((resolve) => release.set(batch.join(','), resolve));
        },
        ...overrides,
      });
      return { ...started, release };
    }

    it('when a second batch fills while the first commits, then it commits at once beside it', async () => {
      const { channel, events, release } = await startWithHeldCommits();
      for (const id of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']) channel.send(id);
      await vi.waitFor(() => expect(release.size).toBe(2));
      expect(events).toEqual(['process:a,b,c,d,e', 'process:f,g,h,i,j']);
    });

    it('when the later batch commits first, then nothing is acked until the earlier one has, and then both in one frame', async () => {
      const { channel, events, release } = await startWithHeldCommits();
      for (const id of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']) channel.send(id);
      await vi.waitFor(() => expect(release.size).toBe(2));
      release.get('f,g,h,i,j')?.();
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(channel.ack).not.toHaveBeenCalled();
      release.get('a,b,c,d,e')?.();
      await vi.waitFor(() => expect(acked(events)).toHaveLength(10));
      expect(acked(events)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']);
      expect(channel.ack).toHaveBeenCalledOnce();
      expect(events).toContain('ack-up-to:j');
    });

    it('when a partial batch has waited batchWaitMs and a slot is free, then it commits beside the busy one', async () => {
      const { channel, events, release } = await startWithHeldCommits();
      for (const id of ['a', 'b', 'c', 'd', 'e']) channel.send(id);
      await vi.waitFor(() => expect(release.size).toBe(1));
      channel.send('late');
      await vi.waitFor(() => expect(events).toContain('process:late'));
      expect(release.size).toBe(2);
      release.get('late')?.();
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(channel.ack).not.toHaveBeenCalled();
      release.get('a,b,c,d,e')?.();
      await vi.waitFor(() => expect(acked(events)).toEqual(['a', 'b', 'c', 'd', 'e', 'late']));
    });

    it('when both slots are busy, then a third batch waits for a free one', async () => {
      const { channel, events, release } = await startWithHeldCommits({ batchSize: 2 });
      for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) channel.send(id);
      await vi.waitFor(() => expect(release.size).toBe(2));
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(events).toEqual(['process:a,b', 'process:c,d']);
      release.get('c,d')?.();
      await vi.waitFor(() => expect(events).toContain('process:e,f'));
      release.get('a,b')?.();
      release.get('e,f')?.();
      await vi.waitFor(() => expect(acked(events)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']));
    });

    it('when stopped with two batches committing, then it waits for both and their acks before closing', async () => {
      const { channel, events, release, lifecycle } = await startWithHeldCommits();
      for (const id of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k']) channel.send(id);
      await vi.waitFor(() => expect(release.size).toBe(2));
      const stopped = lifecycle.shutdown('test');
      await new Promise((resolve) => setTimeout(resolve, 20));
      release.get('f,g,h,i,j')?.();
      release.get('a,b,c,d,e')?.();
      await vi.waitFor(() => expect(release.has('k')).toBe(true));
      expect(events).not.toContain('close');
      release.get('k')?.();
      expect(await stopped).toBe(true);
      expect(acked(events)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k']);
      expect(events.at(-1)).toBe('close');
    });
  });

  // Regression: one rejected batch (here a throwing isTransient) once left the flush chain
  // rejected, so every later batch was skipped, unacked, while checkConsuming() still passed.
  it('when isTransient throws once, then later batches are still processed', async () => {
    let calls = 0;
    const { channel, processed } = await startConsumer({
      processBatch: async (batch) => {
        processed.push(batch);
        if (batch.includes('x')) throw new PermanentError('odd');
      },
      isTransient: () => {
        if (calls++ === 0) throw new Error('classifier bug');
        return false;
      },
    });
    channel.send('x');
    await vi.waitFor(() => expect(processed).toHaveLength(1));
    channel.send('y');
    await vi.waitFor(() => expect(processed).toContainEqual(['y']), { timeout: 500 });
  });
});

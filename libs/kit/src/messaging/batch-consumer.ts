import type { Context } from '@opentelemetry/api';
import type { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Lifecycle } from '../lifecycle/lifecycle.js';
import { describeError } from '../logging/describe-error.js';
import type { Decoded } from './json-message-decoder.js';
import { deliveryContext, inBatchSpan, markDeadLettered } from './message-tracing.js';
import { messagingMetrics, type MessagingMetrics } from './messaging-metrics.js';

export interface BatchConsumerOptions<T> {
  queue: string;
  /** Exchange that takes dead letters (the queue's DLX): invalid messages go there with a reason header. */
  deadLetterExchange: string;
  prefetch: number;
  batchSize: number;
  batchWaitMs: number;
  /**
   * Batches that may commit at once (default 1), each on its own database connection. Acks still
   * go out in delivery order: a batch that committed early waits for the ones cut before it. The
   * side effects of concurrent batches may land in either order, as they do across replicas.
   */
  commitsInFlight?: number;
  setup: (channel: ConfirmChannel) => Promise<void>;
  /** Body → message, or the reason it is poison (see jsonMessageDecoder). Never throws. */
  decode: (message: ConsumeMessage) => Decoded<T>;
  /** Commits the side effect of a batch. Must be idempotent: a batch may be processed again after a crash. */
  processBatch: (batch: T[]) => Promise<void>;
  /** True for failures worth waiting out (database down); false means this data can never succeed. */
  isTransient: (error: unknown) => boolean;
  logger: Logger;
  maxBackoffMs?: number;
  /** Where processed/dead-lettered counts and batch timings are reported. */
  registry?: Registry;
}

/** A batch cut and not yet acked: its acks wait until every batch cut before it is acked. */
interface PendingBatch<T> {
  done: boolean;
  /** What committed and still needs its ack, once done. */
  committed?: Delivery<T>[];
}

interface Delivery<T> {
  message: ConsumeMessage;
  channel: ConfirmChannel;
  value: T;
  /** Its trace context (its consumer span when tracing is on). */
  context: Context;
}

export const DEAD_LETTER_REASON_HEADER = 'x-podlab-dead-letter-reason';

/**
 * Consumes a queue in batches with manual acks: a message is acked only after the batch
 * holding it committed. While the side effect keeps failing transiently (database down) the
 * batch is retried with back-off and nothing is acked, so the broker holds the rest. A message
 * that can never succeed is published to the dead-letter exchange with the reason, and acked
 * only once the broker confirmed it. On shutdown it stops taking deliveries and finishes every
 * message it already holds.
 */
export class BatchConsumer<T> {
  private readonly channelWrapper: ChannelWrapper;
  private buffer: Delivery<T>[] = [];
  private timer?: NodeJS.Timeout;
  /** The batches being processed now (at most commitsInFlight). */
  private readonly inFlight = new Set<Promise<void>>();
  /** Batches in the order they were cut, until acked: acks go out in this order. */
  private readonly pendingAcks: PendingBatch<T>[] = [];
  private current?: { channel: ConfirmChannel; consumerTag: string };
  private stopping = false;
  private readonly deadChannels = new WeakSet<ConfirmChannel>();
  /**
   * Per channel, the delivery tags not acked yet, in delivery (= tag) order. A batch may be acked
   * with one `multiple` ack only when no tag below its highest is still open here: a poison
   * message awaiting its dead-letter confirm, or one left unacked on purpose, must not be swept up.
   */
  private readonly unacked = new WeakMap<ConfirmChannel, Set<number>>();
  private readonly metrics?: MessagingMetrics;

  constructor(
    connection: AmqpConnectionManager,
    lifecycle: Lifecycle,
    private readonly options: BatchConsumerOptions<T>,
  ) {
    this.channelWrapper = connection.createChannel({
      name: `consumer:${options.queue}`,
      confirm: true,
      setup: (channel: ConfirmChannel) => this.subscribe(channel),
    });
    lifecycle.onShutdown(`amqp consumer ${options.queue}`, () => this.stop());
    this.metrics = options.registry ? messagingMetrics(options.registry) : undefined;
  }

  /** Readiness: subscribed on a live channel (topology declared, consumer registered). */
  checkConsuming(): void {
    if (!this.current || this.deadChannels.has(this.current.channel))
      throw new Error(`not consuming ${this.options.queue}`);
  }

  private async subscribe(channel: ConfirmChannel): Promise<void> {
    channel.once('close', () => this.deadChannels.add(channel));
    this.unacked.set(channel, new Set());
    await this.options.setup(channel);
    await channel.prefetch(this.options.prefetch);
    if (this.stopping) return;
    const { consumerTag } = await channel.consume(
      this.options.queue,
      (message) => message && this.receive(channel, message),
      {
        noAck: false,
      },
    );
    this.current = { channel, consumerTag };
  }

  private receive(channel: ConfirmChannel, message: ConsumeMessage): void {
    this.unacked.get(channel)?.add(message.fields.deliveryTag);
    const decoded = this.options.decode(message);
    const context = deliveryContext();
    if (!decoded.ok) {
      void this.deadLetter(channel, message, context, decoded.reason);
      return;
    }
    this.buffer.push({ message, channel, value: decoded.value, context });
    if (this.buffer.length >= this.options.batchSize) this.scheduleFlush(false);
    else this.timer ??= setTimeout(() => this.scheduleFlush(), this.options.batchWaitMs);
  }

  /**
   * Cuts batches while a commit slot is free: a full one at once; a partial one (batchWaitMs
   * passed) too, but when a commit ends only if no other is in flight. A commit's cost is mostly
   * fixed (one transaction, one flush to disk), so messages arriving during a commit wait to be cut
   * together rather than a batch per batchWaitMs; with commitsInFlight > 1, a batch that fills or
   * waited long enough goes on the next connection instead of waiting for the busy one.
   */
  private scheduleFlush(timerElapsed = true): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const slots = this.options.commitsInFlight ?? 1;
    while (this.buffer.length > 0 && this.inFlight.size < slots) {
      const full = this.buffer.length >= this.options.batchSize;
      const partialMayGo = this.inFlight.size === 0 || (timerElapsed && slots > 1);
      if (!full && !partialMayGo) break;
      this.startBatch(this.buffer.splice(0, this.options.batchSize));
    }
    // A partial batch left behind waits batchWaitMs for a free slot. With one slot there is no
    // need: the commit in flight cuts it when it ends.
    if (this.buffer.length > 0 && slots > 1)
      this.timer ??= setTimeout(() => this.scheduleFlush(), this.options.batchWaitMs);
  }

  private startBatch(batch: Delivery<T>[]): void {
    const pending: PendingBatch<T> = { done: false };
    this.pendingAcks.push(pending);
    const processing = this.process(batch)
      .then((committed) => {
        pending.committed = committed;
      })
      // A bug in a callback must not stop every later batch: this one stays unacked until the channel is recycled.
      .catch((error: unknown) => {
        this.options.logger.error({ err: describeError(error) }, 'batch failed; left unacked');
      })
      .then(() => {
        pending.done = true;
        this.ackInOrder();
        this.inFlight.delete(processing);
        // What arrived while it committed: the next batch, at once when nothing else commits.
        this.scheduleFlush(false);
      });
    this.inFlight.add(processing);
  }

  /** Acks every batch at the head of the queue that is done, together: one frame when it can. */
  private ackInOrder(): void {
    const ready: Delivery<T>[] = [];
    while (this.pendingAcks[0]?.done) ready.push(...(this.pendingAcks.shift()?.committed ?? []));
    this.ackAll(ready);
  }

  /** Commits a batch (see commitWithRetry) in its span; resolves with what still needs its ack. */
  private async process(batch: Delivery<T>[]): Promise<Delivery<T>[] | undefined> {
    const endTimer = this.metrics?.batchSeconds.startTimer({ queue: this.options.queue });
    return inBatchSpan(
      this.options.queue,
      batch.map((d) => d.context),
      async () => {
        const live = await this.commitWithRetry(batch);
        endTimer?.();
        return live;
      },
    );
  }

  /**
   * Commits the batch; retries transient failures with back-off. A permanent failure splits the
   * batch into single messages, so the good ones commit and only the one that fails alone is
   * dead-lettered. Resolves with what committed and still needs its ack.
   */
  private async commitWithRetry(batch: Delivery<T>[]): Promise<Delivery<T>[] | undefined> {
    let backoff = 100;
    for (;;) {
      // Deliveries from a closed channel will be redelivered on the new one: drop them here.
      const live = batch.filter((d) => !this.deadChannels.has(d.channel));
      if (live.length === 0) return undefined;
      try {
        await this.options.processBatch(live.map((d) => d.value));
        return live;
      } catch (error) {
        if (!this.options.isTransient(error)) {
          await this.isolatePoison(live, error);
          return undefined;
        }
        this.options.logger.warn(
          { err: describeError(error), backoffMs: backoff, batch: live.length },
          'batch not committed; retrying',
        );
        await sleep(backoff);
        backoff = Math.min(backoff * 2, this.options.maxBackoffMs ?? 5_000);
      }
    }
  }

  private async isolatePoison(batch: Delivery<T>[], error: unknown): Promise<void> {
    const [only] = batch;
    if (batch.length === 1 && only) {
      await this.deadLetter(
        only.channel,
        only.message,
        only.context,
        `processing failed: ${describeError(error).message}`,
      );
      return;
    }
    for (const delivery of batch) {
      const committed = await this.commitWithRetry([delivery]);
      if (committed) this.ack(delivery);
    }
  }

  private async deadLetter(
    channel: ConfirmChannel,
    message: ConsumeMessage,
    context: Context,
    reason: string,
  ): Promise<void> {
    this.options.logger.warn(
      { messageId: message.properties.messageId, reason },
      'dead-lettering message',
    );
    try {
      await new Promise<void>((resolve, reject) => {
        channel.publish(
          this.options.deadLetterExchange,
          message.fields.routingKey,
          message.content,
          {
            ...message.properties,
            persistent: true,
            headers: {
              ...message.properties.headers,
              [DEAD_LETTER_REASON_HEADER]: reason.slice(0, 1_000),
              'x-original-queue': this.options.queue,
            },
          },
          (error) => (error ? reject(error) : resolve()),
        );
      });
      markDeadLettered(context, reason);
      channel.ack(message);
      this.unacked.get(channel)?.delete(message.fields.deliveryTag);
      this.metrics?.deadLettered.inc({ queue: this.options.queue });
    } catch (error) {
      // Not confirmed: leave it unacked; the broker redelivers it (and its delivery limit still applies).
      this.options.logger.warn(
        { err: describeError(error) },
        'dead-lettering failed; message stays on the queue',
      );
    }
  }

  /**
   * Acks committed deliveries. One `multiple` ack per batch instead of one frame (and one socket
   * write) per message, when that acks exactly these: see `unacked`.
   */
  private ackAll(deliveries: Delivery<T>[]): void {
    const last = deliveries.at(-1);
    if (!last) return;
    const channel = last.channel;
    const open = this.unacked.get(channel);
    if (!open || this.deadChannels.has(channel) || deliveries.some((d) => d.channel !== channel)) {
      for (const delivery of deliveries) this.ack(delivery);
      return;
    }
    let highest = last.message;
    for (const { message } of deliveries) {
      open.delete(message.fields.deliveryTag);
      if (message.fields.deliveryTag > highest.fields.deliveryTag) highest = message;
    }
    const oldestOpen: number | undefined = open.values().next().value;
    if (oldestOpen !== undefined && oldestOpen < highest.fields.deliveryTag) {
      for (const delivery of deliveries) this.ack(delivery);
      return;
    }
    try {
      channel.ack(highest, true);
      this.metrics?.processed.inc({ queue: this.options.queue }, deliveries.length);
    } catch {
      // The channel closed between commit and ack: the messages come back and the idempotent handler skips them.
    }
  }

  private ack(delivery: Delivery<T>): void {
    if (this.deadChannels.has(delivery.channel)) return;
    try {
      delivery.channel.ack(delivery.message);
      this.unacked.get(delivery.channel)?.delete(delivery.message.fields.deliveryTag);
      this.metrics?.processed.inc({ queue: this.options.queue });
    } catch {
      // The channel closed between commit and ack: the message comes back and the idempotent handler skips it.
    }
  }

  private async stop(): Promise<void> {
    this.stopping = true;
    const current = this.current;
    if (current && !this.deadChannels.has(current.channel)) {
      await current.channel.cancel(current.consumerTag).catch(() => undefined);
    }
    // Every message already delivered is finished, not handed back: a rolling update redelivers nothing.
    while (this.buffer.length > 0 || this.inFlight.size > 0) {
      this.scheduleFlush();
      await Promise.race(this.inFlight);
    }
    clearTimeout(this.timer);
    await this.channelWrapper.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

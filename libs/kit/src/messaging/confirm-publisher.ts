import { context, type Context } from '@opentelemetry/api';
import type { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel, Options } from 'amqplib';
import { AppError } from '../errors/app-error.js';
import type { Registry } from 'prom-client';
import type { Lifecycle } from '../lifecycle/lifecycle.js';
import { messagingMetrics } from './messaging-metrics.js';

export interface OutgoingMessage {
  body: Buffer;
  messageId: string;
  correlationId: string;
  headers?: Record<string, unknown>;
  /**
   * The trace context the message belongs to, for one published later than it was made (an
   * outbox): its publish span, and the traceparent header, then continue the trace of the request
   * that made it instead of whichever request's context the later flush runs in. Unset: the
   * caller's. `currentTraceContext()` takes it.
   */
  traceContext?: Context;
}

/** The active trace context, to keep with a message published later (OutgoingMessage.traceContext). */
export const currentTraceContext = (): Context => context.active();

export interface ConfirmPublisherOptions {
  exchange: string;
  routingKey: string;
  /** Declares the topology on every (re)connected channel. */
  setup: (channel: ConfirmChannel) => Promise<void>;
  /** How long one message may wait for its broker confirm before the caller gets a 503. */
  confirmTimeoutMs: number;
  /** Messages in flight at once: enough to keep the broker busy, bounded to cap memory. */
  window?: number;
  /**
   * Body bytes in flight at once (default 4 MiB): with large messages the count alone would let
   * a window hold 1,000 × 64 KiB. A window closes at the first message that reaches it.
   */
  windowBytes?: number;
  /** Where confirmed-publish counts are reported. */
  registry?: Registry;
}

/**
 * Publishes persistent messages and resolves only after the broker confirmed every one, so a
 * caller can answer 202 knowing the broker has them. While the broker is unreachable it
 * fails at once with a 503 and Retry-After instead of queueing in memory.
 *
 * amqp-connection-manager keeps the connection and re-runs the setup after every reconnect; the
 * messages themselves go straight onto the confirm channel that setup saw, a window at a time.
 * Its ChannelWrapper.publish would cost a promise, a timer and a queue entry per message — most
 * of the producer's CPU — and its one feature we do not want is holding messages for a reconnect.
 */
export class ConfirmPublisher {
  private readonly wrapper: ChannelWrapper;
  /** The open channel with the topology declared; undefined while there is none. */
  private channel?: ConfirmChannel;

  constructor(
    connection: AmqpConnectionManager,
    lifecycle: Lifecycle,
    private readonly options: ConfirmPublisherOptions,
  ) {
    this.wrapper = connection.createChannel({
      name: `publisher:${options.exchange}`,
      confirm: true,
      setup: async (channel: ConfirmChannel) => {
        channel.once('close', () => {
          if (this.channel === channel) this.channel = undefined;
        });
        await options.setup(channel);
        this.channel = channel;
      },
    });
    // A setup cut short (the channel closed mid-declare) is emitted as 'error'; unheard it becomes
    // an unhandled rejection. It needs no action: there is no channel and the next connection retries.
    this.wrapper.on('error', () => undefined);
    lifecycle.onShutdown('amqp publisher channel', () => this.wrapper.close());
  }

  /**
   * Publishes all messages, a window at a time; resolves with the count confirmed. `messages` may
   * be a lazy iterable (a generator): it is read only one window ahead, so a caller that makes
   * its messages as they are pulled holds one window in memory however many it publishes, and
   * the event loop runs (probes are answered) while each window waits for its confirms.
   * `total` is how many there will be, for the error message when the iterable cannot say.
   */
  async publish(messages: Iterable<OutgoingMessage>, total?: number): Promise<number> {
    const expected = total ?? (Array.isArray(messages) ? messages.length : undefined);
    const source = messages[Symbol.iterator]();
    let confirmed = 0;
    let next = source.next();
    while (!next.done) {
      const channel = this.channel;
      if (!channel)
        throw unavailable(confirmed, expected, new Error('no publishing channel to the broker'));
      const window = this.publishWindow(channel, next.value, source);
      try {
        await window.confirmed;
      } catch (error) {
        throw unavailable(confirmed, expected, error);
      }
      confirmed += window.count;
      if (this.options.registry)
        messagingMetrics(this.options.registry).published.inc(
          { exchange: this.options.exchange },
          window.count,
        );
      next = window.exhausted ? { done: true, value: undefined } : source.next();
    }
    return confirmed;
  }

  /**
   * Publishes `first` and then messages pulled from `source` until the window is full (`window`
   * messages or `windowBytes` of bodies) or the source ends. Each message goes onto the channel as
   * soon as it is pulled and nothing here keeps it: while the window waits for its confirms, the
   * heap holds no message objects, so the young generation can free them all (kept in an array,
   * they survived to the old generation and, 100,000 messages on, cost ~50 MiB of RSS).
   *
   * `confirmed` resolves once the broker acked every message of the window; rejects on the first
   * nack, when the channel closes first (amqplib fails the pending confirms of a closed channel),
   * or after the confirm timeout. The window bounds what sits in the channel's write buffer, so a
   * full buffer needs no waiting here: the next window starts only after this one was confirmed.
   */
  private publishWindow(
    channel: ConfirmChannel,
    first: OutgoingMessage,
    source: Iterator<OutgoingMessage>,
  ): { count: number; exhausted: boolean; confirmed: Promise<void> } {
    const maxCount = this.options.window ?? 1_000;
    const maxBytes = this.options.windowBytes ?? 4 * 1024 * 1024;
    let settle: (error?: unknown) => void = () => undefined;
    const confirmed = new Promise<void>((resolve, reject) => {
      settle = (error?: unknown) => {
        settle = () => undefined;
        clearTimeout(timer);
        if (error === undefined) resolve();
        else reject(error);
      };
    });
    const timer = setTimeout(
      () => settle(new Error('timeout waiting for confirm')),
      this.options.confirmTimeoutMs,
    );
    let count = 0;
    let acked = 0;
    let sealed = false;
    const onConfirm = (error: unknown) => {
      if (error) settle(error);
      else if (++acked === count && sealed) settle();
    };
    const timestamp = Math.floor(Date.now() / 1000);
    let exhausted = false;
    let bytes = 0;
    let message = first;
    for (;;) {
      try {
        if (message.traceContext)
          context.with(
            message.traceContext,
            this.send,
            this,
            channel,
            message,
            timestamp,
            onConfirm,
          );
        else this.send(channel, message, timestamp, onConfirm);
      } catch (error) {
        // A channel that closed since the check throws on publish.
        settle(error);
        break;
      }
      count += 1;
      bytes += message.body.length;
      if (count >= maxCount || bytes >= maxBytes) break;
      const next = source.next();
      if (next.done) {
        exhausted = true;
        break;
      }
      message = next.value;
    }
    sealed = true;
    if (acked === count) settle();
    return { count, exhausted, confirmed };
  }

  private send(
    channel: ConfirmChannel,
    message: OutgoingMessage,
    timestamp: number,
    onConfirm: (error: unknown) => void,
  ): void {
    channel.publish(
      this.options.exchange,
      this.options.routingKey,
      message.body,
      propertiesOf(message, timestamp),
      onConfirm,
    );
  }

  /** Readiness: a channel is open and the topology is declared. */
  checkReady(): void {
    if (!this.channel) throw new Error('no publishing channel to the broker');
  }
}

function propertiesOf(message: OutgoingMessage, timestamp: number): Options.Publish {
  return {
    persistent: true,
    contentType: 'application/json',
    messageId: message.messageId,
    correlationId: message.correlationId,
    timestamp,
    headers: { ...message.headers, 'x-correlation-id': message.correlationId },
  };
}

function unavailable(confirmed: number, total: number | undefined, cause: unknown): AppError {
  const progress =
    total === undefined
      ? ` (${confirmed} messages were confirmed before the failure)`
      : total > 1
        ? ` (${confirmed} of ${total} messages were confirmed before the failure)`
        : '';
  return new AppError(
    'BROKER_UNAVAILABLE',
    `The message broker is unavailable; retry later${progress}`,
    {
      status: 503,
      retryAfterSeconds: 5,
      cause,
    },
  );
}

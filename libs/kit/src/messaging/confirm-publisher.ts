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
}

export interface ConfirmPublisherOptions {
  exchange: string;
  routingKey: string;
  /** Declares the topology on every (re)connected channel. */
  setup: (channel: ConfirmChannel) => Promise<void>;
  /** How long one message may wait for its broker confirm before the caller gets a 503. */
  confirmTimeoutMs: number;
  /** Messages in flight at once: enough to keep the broker busy, bounded to cap memory. */
  window?: number;
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

  /** Publishes all messages, a window at a time; resolves with the count confirmed. */
  async publish(messages: OutgoingMessage[]): Promise<number> {
    const window = this.options.window ?? 1_000;
    let confirmed = 0;
    for (let start = 0; start < messages.length; start += window) {
      const channel = this.channel;
      if (!channel)
        throw unavailable(
          confirmed,
          messages.length,
          new Error('no publishing channel to the broker'),
        );
      const slice = messages.slice(start, start + window);
      try {
        await this.publishWindow(channel, slice);
      } catch (error) {
        throw unavailable(confirmed, messages.length, error);
      }
      confirmed += slice.length;
      if (this.options.registry)
        messagingMetrics(this.options.registry).published.inc(
          { exchange: this.options.exchange },
          slice.length,
        );
    }
    return confirmed;
  }

  /**
   * Resolves once the broker acked every message of the window; rejects on the first nack, when
   * the channel closes first (amqplib fails the pending confirms of a closed channel), or after
   * the confirm timeout. The window bounds what sits in the channel's write buffer, so a full
   * buffer needs no waiting here: the next window starts only after this one was confirmed.
   */
  private publishWindow(channel: ConfirmChannel, slice: OutgoingMessage[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let pending = slice.length;
      let settled = false;
      const settle = (error?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error === undefined) resolve();
        else reject(error);
      };
      const timer = setTimeout(
        () => settle(new Error('timeout waiting for confirm')),
        this.options.confirmTimeoutMs,
      );
      const onConfirm = (error: unknown) => {
        if (error) settle(error);
        else if (--pending === 0) settle();
      };
      const timestamp = Math.floor(Date.now() / 1000);
      try {
        for (const message of slice) {
          channel.publish(
            this.options.exchange,
            this.options.routingKey,
            message.body,
            propertiesOf(message, timestamp),
            onConfirm,
          );
        }
      } catch (error) {
        // A channel that closed since the check throws on publish.
        settle(error);
      }
    });
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

function unavailable(confirmed: number, total: number, cause: unknown): AppError {
  const progress =
    total > 1 ? ` (${confirmed} of ${total} messages were confirmed before the failure)` : '';
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

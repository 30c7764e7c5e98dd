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
 */
export class ConfirmPublisher {
  private readonly channel: ChannelWrapper;
  private ready = false;

  constructor(
    connection: AmqpConnectionManager,
    lifecycle: Lifecycle,
    private readonly options: ConfirmPublisherOptions,
  ) {
    this.channel = connection.createChannel({
      name: `publisher:${options.exchange}`,
      confirm: true,
      setup: async (channel: ConfirmChannel) => {
        channel.once('close', () => {
          this.ready = false;
        });
        await options.setup(channel);
        this.ready = true;
      },
    });
    // A setup cut short (the channel closed mid-declare) is emitted as 'error'; unheard it becomes
    // an unhandled rejection. It needs no action: `ready` stays false and the next connection retries.
    this.channel.on('error', () => undefined);
    lifecycle.onShutdown('amqp publisher channel', () => this.channel.close());
  }

  /** Publishes all messages, a window at a time; resolves with the count confirmed. */
  async publish(messages: OutgoingMessage[]): Promise<number> {
    const window = this.options.window ?? 1_000;
    let confirmed = 0;
    for (let start = 0; start < messages.length; start += window) {
      this.assertConnected(confirmed, messages.length);
      const slice = messages.slice(start, start + window);
      try {
        await Promise.all(slice.map((message) => this.publishOne(message)));
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

  private publishOne(message: OutgoingMessage): Promise<boolean> {
    const properties: Options.Publish & { timeout: number } = {
      persistent: true,
      contentType: 'application/json',
      messageId: message.messageId,
      correlationId: message.correlationId,
      timestamp: Math.floor(Date.now() / 1000),
      headers: { ...message.headers, 'x-correlation-id': message.correlationId },
      timeout: this.options.confirmTimeoutMs,
    };
    return this.channel.publish(
      this.options.exchange,
      this.options.routingKey,
      message.body,
      properties,
    );
  }

  /** Readiness: a channel is open and the topology is declared. */
  checkReady(): void {
    if (!this.ready) throw new Error('no publishing channel to the broker');
  }

  private assertConnected(confirmed: number, total: number): void {
    if (!this.ready)
      throw unavailable(confirmed, total, new Error('no publishing channel to the broker'));
  }
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

import type { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';
import type { Channel, ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import type { Lifecycle } from '../lifecycle/lifecycle.js';
import { describeError } from '../logging/describe-error.js';

export interface FanoutSubscriberOptions {
  /** The fan-out exchange every replica publishes to; declared durable if missing. */
  exchange: string;
  /** Every message, in the order this replica's queue delivers them. Must not throw. */
  onMessage: (message: ConsumeMessage) => void;
  /**
   * Called after each subscription: `again` is false the first time, true after a reconnect.
   * Whatever was published while this replica was away never reached its new queue: this is
   * the moment to catch up from the source of truth.
   */
  onSubscribed?: (again: boolean) => void;
  /**
   * Called when the subscription is lost (channel or connection closed), before any later one:
   * what is published from now on will not reach this replica until it catches up.
   */
  onUnsubscribed?: () => void;
  /** Messages waiting in this replica's queue before the oldest are dropped (a stalled replica cannot fill the broker). */
  maxLength?: number;
  logger: Logger;
}

/**
 * Receives every message published to a fan-out exchange — a broadcast to all replicas, not a
 * work queue shared between them. Each replica has its own server-named queue, exclusive to its
 * connection and deleted with it: nothing is left behind when a pod goes, and two replicas can
 * never collide on a name. Deliveries are not acknowledged (noAck): a live message that cannot
 * be delivered has no one to be redelivered to. After a reconnect amqp-connection-manager re-runs
 * the setup, which declares a fresh queue, binds it and consumes again.
 */
export class FanoutSubscriber {
  private readonly wrapper: ChannelWrapper;
  private current?: { channel: Channel; queue: string };
  private subscriptions = 0;

  constructor(
    connection: AmqpConnectionManager,
    lifecycle: Lifecycle,
    private readonly options: FanoutSubscriberOptions,
  ) {
    this.wrapper = connection.createChannel({
      name: `fanout:${options.exchange}`,
      confirm: false,
      setup: (channel: Channel) => this.subscribe(channel),
    });
    // A setup cut short (the channel closed mid-declare, e.g. at shutdown) is emitted as 'error':
    // unheard, it would be an unhandled rejection. The next connection runs the setup again.
    this.wrapper.on('error', (error: unknown) =>
      options.logger.warn(
        { err: describeError(error) },
        'fan-out channel setup failed; retried on reconnect',
      ),
    );
    lifecycle.onShutdown(`amqp fan-out subscriber ${options.exchange}`, () => this.wrapper.close());
  }

  /** This replica's queue while subscribed (for logs and tests). */
  get queue(): string | undefined {
    return this.current?.queue;
  }

  /** Readiness-style check: subscribed on a live channel right now. */
  checkSubscribed(): void {
    if (!this.current) throw new Error(`not subscribed to ${this.options.exchange}`);
  }

  private async subscribe(channel: Channel): Promise<void> {
    const { exchange, logger } = this.options;
    channel.once('close', () => {
      if (this.current?.channel !== channel) return;
      this.current = undefined;
      try {
        this.options.onUnsubscribed?.();
      } catch (error) {
        logger.error({ err: describeError(error) }, 'fan-out onUnsubscribed failed');
      }
    });
    await channel.assertExchange(exchange, 'fanout', { durable: true });
    const { queue } = await channel.assertQueue('', {
      exclusive: true,
      autoDelete: true,
      durable: false,
      arguments: { 'x-max-length': this.options.maxLength ?? 10_000, 'x-overflow': 'drop-head' },
    });
    await channel.bindQueue(queue, exchange, '');
    await channel.consume(queue, (message) => message && this.deliver(message), { noAck: true });
    this.current = { channel, queue };
    const again = this.subscriptions > 0;
    this.subscriptions += 1;
    logger.info({ exchange, queue, again }, 'subscribed to fan-out exchange');
    try {
      this.options.onSubscribed?.(again);
    } catch (error) {
      logger.error({ err: describeError(error) }, 'fan-out onSubscribed failed');
    }
  }

  private deliver(message: ConsumeMessage): void {
    try {
      this.options.onMessage(message);
    } catch (error) {
      this.options.logger.error({ err: describeError(error) }, 'fan-out message handler failed');
    }
  }
}

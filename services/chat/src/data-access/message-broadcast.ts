import type { ChatMessage } from '@podlab/contracts';
import type { Lifecycle, Logger } from '@podlab/kit';
import { describeError } from '@podlab/kit';
import {
  ConfirmPublisher,
  currentTraceContext,
  type AmqpConnectionManager,
  type OutgoingMessage,
} from '@podlab/kit/messaging';

/** Messages waiting for the broker; beyond this the oldest are dropped (streams catch up from the database). */
const OUTBOX_MAX = 10_000;
const BATCH = 500;

/**
 * Tells every chat replica about a new message through the fan-out exchange. A post never
 * waits for it: messages go to an outbox that is flushed with publisher confirms, and kept
 * there while the broker is away, to be sent when the channel is back.
 */
export class MessageBroadcast {
  private readonly publisher: ConfirmPublisher;
  private readonly outbox: OutgoingMessage[] = [];
  private flushing = false;

  constructor(
    connection: AmqpConnectionManager,
    lifecycle: Lifecycle,
    private readonly logger: Logger,
    exchange: string,
  ) {
    this.publisher = new ConfirmPublisher(connection, lifecycle, {
      exchange,
      routingKey: '',
      setup: async (channel) => {
        await channel.assertExchange(exchange, 'fanout', { durable: true });
        // The publisher reports ready once this returns: flush what waited meanwhile.
        setImmediate(() => void this.flush());
      },
      confirmTimeoutMs: 5_000,
    });
  }

  publish(message: ChatMessage, correlationId: string): void {
    this.outbox.push({
      body: Buffer.from(JSON.stringify(message)),
      messageId: message.id,
      correlationId,
      // Sent by a later flush: its publish span still belongs to this post's trace.
      traceContext: currentTraceContext(),
    });
    if (this.outbox.length > OUTBOX_MAX) {
      this.outbox.splice(0, this.outbox.length - OUTBOX_MAX);
      this.logger.warn({ kept: OUTBOX_MAX }, 'broadcast outbox full: dropped the oldest');
    }
    void this.flush();
  }

  /** Messages not yet confirmed by the broker. */
  get pending(): number {
    return this.outbox.length;
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.outbox.length > 0) {
        const batch = this.outbox.slice(0, BATCH);
        try {
          await this.publisher.publish(batch);
        } catch (error) {
          this.logger.warn(
            { err: describeError(error), waiting: this.outbox.length },
            'broadcast not confirmed; kept until the broker is back',
          );
          return;
        }
        this.outbox.splice(0, batch.length);
      }
    } finally {
      this.flushing = false;
    }
  }
}

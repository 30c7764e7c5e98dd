import type { StarterGreeting } from '@podlab/contracts';
import type { ServiceContext } from '@podlab/kit';
import {
  ConfirmPublisher,
  workQueuePublisherSettings,
  type AmqpConnectionManager,
} from '@podlab/kit/messaging';
import type { Config } from '../config.js';

/** Sends greetings to the configured work queue; resolves only once the broker confirmed them (persisted). */
export class GreetingsPublisher {
  private readonly publisher: ConfirmPublisher;

  constructor(
    connection: AmqpConnectionManager,
    {
      config,
      lifecycle,
      registry,
    }: Pick<ServiceContext<Config>, 'config' | 'lifecycle' | 'registry'>,
  ) {
    this.publisher = new ConfirmPublisher(connection, lifecycle, {
      ...workQueuePublisherSettings(config),
      registry,
    });
  }

  /** Readiness: the channel is open and the queue declared. */
  checkReady(): void {
    this.publisher.checkReady();
  }

  async publish(greetings: StarterGreeting[]): Promise<void> {
    await this.publisher.publish(
      greetings.map((greeting) => ({
        body: Buffer.from(JSON.stringify(greeting)),
        // The greeting id is the message id: a consumer that sees it twice keeps it once.
        messageId: greeting.id,
        correlationId: greeting.id,
      })),
    );
  }
}

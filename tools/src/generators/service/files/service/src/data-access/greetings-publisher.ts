import type { StarterGreeting } from '@podlab/contracts';
import type { ConfirmPublisher } from '@podlab/kit/messaging';
import type { GreetingRecorder } from '../domain/greet-use-case.js';

/** Sends each greeting to the broker; resolves only once the broker confirmed it (persisted). */
export class GreetingsPublisher implements GreetingRecorder {
  constructor(private readonly publisher: ConfirmPublisher) {}

  async record(greetings: StarterGreeting[]): Promise<void> {
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

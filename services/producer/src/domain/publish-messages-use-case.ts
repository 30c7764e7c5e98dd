import type { PublishRequest, PublishResponse } from '@podlab/contracts';
import type { ConfirmPublisher } from '@podlab/kit/messaging';
import { envelope, generatedMessages, toOutgoing } from './generated-messages.js';

/** Turns a request into pipeline messages and returns only once the broker confirmed all of them. */
export class PublishMessagesUseCase {
  constructor(private readonly publisher: ConfirmPublisher) {}

  async execute(request: PublishRequest, correlationId: string): Promise<PublishResponse> {
    if ('payload' in request) {
      const message = envelope(request.payload, correlationId);
      const accepted = await this.publisher.publish([toOutgoing(message)]);
      return { accepted, correlationId, id: message.id };
    }
    // Made as the publisher pulls them, a window at a time: memory does not grow with the count.
    const messages = generatedMessages(request.count, request.payloadBytes, correlationId);
    const accepted = await this.publisher.publish(messages, request.count);
    return { accepted, correlationId, id: undefined };
  }
}

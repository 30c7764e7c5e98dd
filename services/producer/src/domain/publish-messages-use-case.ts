import { randomUUID } from 'node:crypto';
import type { PipelineMessage, PublishRequest, PublishResponse } from '@podlab/contracts';
import type { ConfirmPublisher, OutgoingMessage } from '@podlab/kit/messaging';

/** Turns a request into pipeline messages and returns only once the broker confirmed all of them. */
export class PublishMessagesUseCase {
  constructor(private readonly publisher: ConfirmPublisher) {}

  async execute(request: PublishRequest, correlationId: string): Promise<PublishResponse> {
    const payloads =
      'payload' in request
        ? [request.payload]
        : generatePayloads(request.count, request.payloadBytes);
    const messages = payloads.map((payload) => envelope(payload, correlationId));
    const accepted = await this.publisher.publish(messages.map(toOutgoing));
    return { accepted, correlationId, id: messages.length === 1 ? messages[0]?.id : undefined };
  }
}

function envelope(payload: PipelineMessage['payload'], correlationId: string): PipelineMessage {
  return { id: randomUUID(), correlationId, createdAt: new Date().toISOString(), payload };
}

function toOutgoing(message: PipelineMessage): OutgoingMessage {
  return {
    body: Buffer.from(JSON.stringify(message)),
    messageId: message.id,
    correlationId: message.correlationId,
  };
}

/** Demo and load payloads: a sequence number and filler up to the requested size. */
function generatePayloads(count: number, payloadBytes: number): PipelineMessage['payload'][] {
  const filler = 'x'.repeat(payloadBytes);
  return Array.from({ length: count }, (_, seq) => ({ seq, filler }));
}

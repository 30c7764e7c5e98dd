import { randomUUID } from 'node:crypto';
import type { PipelineMessage } from '@podlab/contracts';
import type { OutgoingMessage } from '@podlab/kit/messaging';

/** A pipeline message around a payload, stamped now. */
export function envelope(
  payload: PipelineMessage['payload'],
  correlationId: string,
): PipelineMessage {
  return { id: randomUUID(), correlationId, createdAt: new Date().toISOString(), payload };
}

export function toOutgoing(message: PipelineMessage): OutgoingMessage {
  return {
    body: Buffer.from(JSON.stringify(message)),
    messageId: message.id,
    correlationId: message.correlationId,
  };
}

/**
 * Demo and load messages, made one at a time as the publisher pulls them: a batch of any size
 * costs the memory of the window in flight, never of the whole batch. Each payload is a
 * sequence number and filler, `payloadBytes` long as JSON (or as short as `{"seq":n,"filler":""}`
 * can be), so the bytes asked for are the bytes that travel and are stored.
 */
export function* generatedMessages(
  count: number,
  payloadBytes: number,
  correlationId: string,
): Generator<OutgoingMessage> {
  const filler = 'x'.repeat(payloadBytes);
  for (let seq = 0; seq < count; seq++) {
    const overhead = `{"seq":${seq},"filler":""}`.length;
    const payload = { seq, filler: filler.slice(0, Math.max(0, payloadBytes - overhead)) };
    yield toOutgoing(envelope(payload, correlationId));
  }
}

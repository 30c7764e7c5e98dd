import type { ConsumerStats, ErrorResponse, PublishResponse } from '@podlab/contracts';

export async function isReady(serviceUrl: string): Promise<boolean> {
  return (await fetch(`${serviceUrl}/readyz`)).ok;
}

export async function consumerStats(consumerUrl: string): Promise<ConsumerStats> {
  return (await (await fetch(`${consumerUrl}/api/consumer/stats`)).json()) as ConsumerStats;
}

/** Asks the producer for a generated batch; returns the status and the parsed answer. */
export async function sendBatch(
  producerUrl: string,
  count: number,
  payloadBytes = 32,
): Promise<{ status: number; body: PublishResponse & Partial<ErrorResponse> }> {
  const response = await fetch(`${producerUrl}/api/producer/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ count, payloadBytes }),
  });
  return {
    status: response.status,
    body: (await response.json()) as PublishResponse & Partial<ErrorResponse>,
  };
}

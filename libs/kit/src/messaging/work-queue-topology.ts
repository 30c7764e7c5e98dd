import type { Channel } from 'amqplib';

export interface WorkQueueTopology {
  /** Direct exchange producers publish to; the queue is bound with its own name as routing key. */
  exchange: string;
  queue: string;
  /** Deliveries (first one included) before the broker dead-letters a message that keeps failing. */
  deliveryLimit: number;
}

export const deadLetterExchangeOf = (topology: WorkQueueTopology) => `${topology.exchange}.dlx`;
export const deadLetterQueueOf = (topology: WorkQueueTopology) => `${topology.queue}.dead`;

/**
 * Declares the exchange, the quorum work queue, its dead-letter exchange and queue. Idempotent,
 * so producers and consumers both call it at start and after every reconnect, in any order.
 * Quorum queues are replicated, survive broker restarts, and count deliveries: a poison
 * message that crashes consumers is dead-lettered after `deliveryLimit` tries instead of
 * looping forever.
 */
export async function declareWorkQueue(
  channel: Channel,
  topology: WorkQueueTopology,
): Promise<void> {
  const dlx = deadLetterExchangeOf(topology);
  const dlq = deadLetterQueueOf(topology);
  await channel.assertExchange(topology.exchange, 'direct', { durable: true });
  await channel.assertExchange(dlx, 'fanout', { durable: true });
  await channel.assertQueue(dlq, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await channel.bindQueue(dlq, dlx, '');
  await channel.assertQueue(topology.queue, {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      'x-delivery-limit': topology.deliveryLimit,
      'x-dead-letter-exchange': dlx,
    },
  });
  await channel.bindQueue(topology.queue, topology.exchange, topology.queue);
}

import amqplib from 'amqplib';
import { percentile } from './percentiles.js';

/**
 * What the broker alone does on this machine for chat's path: a message published (with
 * confirms, as chat does) to a fan-out exchange, delivered to an exclusive auto-deleted queue
 * of another connection, at the same pace as the chat run. Latencies in ms, publish → deliver.
 */
export async function rawFanoutBaseline(
  amqpUrl: string,
  exchange: string,
  count: number,
  intervalMs: number,
): Promise<{ p50: number; p99: number }> {
  const publisherConnection = await amqplib.connect(amqpUrl);
  const consumerConnection = await amqplib.connect(amqpUrl);
  try {
    const publisher = await publisherConnection.createConfirmChannel();
    await publisher.assertExchange(exchange, 'fanout', { durable: false, autoDelete: true });
    const consumer = await consumerConnection.createChannel();
    const { queue } = await consumer.assertQueue('', { exclusive: true, autoDelete: true });
    await consumer.bindQueue(queue, exchange, '');
    const sentAt = new Map<number, number>();
    const latencies: number[] = [];
    const all = new Promise<void>((resolve) => {
      void consumer.consume(
        queue,
        (message) => {
          if (!message) return;
          const seq = Number(message.content.toString());
          latencies.push(performance.now() - (sentAt.get(seq) ?? Number.NaN));
          if (latencies.length === count) resolve();
        },
        { noAck: true },
      );
    });
    const body = (seq: number) => Buffer.from(String(seq));
    for (let seq = 0; seq < count; seq++) {
      sentAt.set(seq, performance.now());
      publisher.publish(exchange, '', body(seq), { contentType: 'application/json' });
      await new Promise((r) => setTimeout(r, intervalMs));
    }
    await publisher.waitForConfirms();
    await all;
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  } finally {
    await publisherConnection.close();
    await consumerConnection.close();
  }
}

import amqplib from 'amqplib';

/**
 * What the broker alone does on this machine: persistent messages published with confirms in
 * windows, consumed concurrently with manual acks, no database. The pipeline is measured against it.
 */
export async function rawAmqpBaseline(
  amqpUrl: string,
  queue: string,
  count: number,
  payloadBytes: number,
  window = 1_000,
): Promise<{ seconds: number }> {
  const publisherConnection = await amqplib.connect(amqpUrl);
  const consumerConnection = await amqplib.connect(amqpUrl);
  try {
    const publisher = await publisherConnection.createConfirmChannel();
    await publisher.assertQueue(queue, {
      durable: true,
      arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 5 },
    });
    const consumer = await consumerConnection.createChannel();
    await consumer.prefetch(1_000);
    let received = 0;
    const allReceived = new Promise<void>((resolve) => {
      void consumer.consume(queue, (message) => {
        if (!message) return;
        consumer.ack(message);
        if (++received === count) resolve();
      });
    });
    const body = Buffer.from(JSON.stringify({ filler: 'x'.repeat(payloadBytes) }));
    const started = performance.now();
    for (let sent = 0; sent < count; sent += window) {
      for (let i = sent; i < Math.min(count, sent + window); i++)
        publisher.sendToQueue(queue, body, { persistent: true });
      await publisher.waitForConfirms();
    }
    await allReceived;
    const seconds = (performance.now() - started) / 1000;
    await publisher.deleteQueue(queue);
    return { seconds };
  } finally {
    await publisherConnection.close();
    await consumerConnection.close();
  }
}

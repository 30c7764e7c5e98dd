import amqplib, { type Channel, type ConfirmChannel } from 'amqplib';

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
  const raw = await openRawChannels(amqpUrl, queue, 1_000);
  try {
    let received = 0;
    const allReceived = new Promise<void>((resolve) => {
      void raw.consumer.consume(queue, (message) => {
        if (!message) return;
        raw.consumer.ack(message);
        if (++received === count) resolve();
      });
    });
    const body = Buffer.from(JSON.stringify({ filler: 'x'.repeat(payloadBytes) }));
    const started = performance.now();
    await publishInWindows(raw.publisher, queue, count, window, () => body);
    await allReceived;
    return { seconds: (performance.now() - started) / 1000 };
  } finally {
    await raw.close();
  }
}

/**
 * A confirm channel and a consumer channel (with `prefetch`) on connections of their own, and a
 * quorum queue declared as the pipeline's is; `close` deletes the queue and closes both.
 */
export async function openRawChannels(amqpUrl: string, queue: string, prefetch: number) {
  const publisherConnection = await amqplib.connect(amqpUrl);
  const consumerConnection = await amqplib.connect(amqpUrl);
  const publisher: ConfirmChannel = await publisherConnection.createConfirmChannel();
  await publisher.assertQueue(queue, {
    durable: true,
    arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 5 },
  });
  const consumer: Channel = await consumerConnection.createChannel();
  await consumer.prefetch(prefetch);
  return {
    publisher,
    consumer,
    close: async () => {
      await publisher.deleteQueue(queue).catch(() => undefined);
      await publisherConnection.close();
      await consumerConnection.close();
    },
  };
}

/** `count` persistent messages onto `queue`, `window` at a time, each window awaiting its confirms. */
export async function publishInWindows(
  publisher: ConfirmChannel,
  queue: string,
  count: number,
  window: number,
  bodyOf: (index: number) => Buffer,
): Promise<void> {
  for (let sent = 0; sent < count; sent += window) {
    for (let i = sent; i < Math.min(count, sent + window); i++)
      publisher.sendToQueue(queue, bodyOf(i), { persistent: true });
    await publisher.waitForConfirms();
  }
}

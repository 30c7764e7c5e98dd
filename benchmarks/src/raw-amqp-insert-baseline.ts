import { randomUUID } from 'node:crypto';
import type { ConsumeMessage } from 'amqplib';
import { createPool } from 'mysql2/promise';
import { openRawChannels, publishInWindows } from './raw-amqp-baseline.js';

/** The consumer's settings (k8s/consumer/config.env), so the yardstick is no easier than the pipeline. */
const PREFETCH = 1_500;
const BATCH_SIZE = 500;
const BATCH_WAIT_MS = 20;
const COMMITS_IN_FLIGHT = 2;

/**
 * The broker and the database alone, written plainly with amqplib and mysql2: the pipeline's
 * messages (id, correlation id, time, payload) published as persistent messages with confirms
 * in windows, consumed in batches that are written in one transaction by the consumer's
 * multi-row INSERT into `processed_messages` and then acked, in delivery order. What it lacks
 * is what the pipeline adds: HTTP, the contract check, the kit, two processes. The pipeline's
 * ratio to this is what our layers cost on top of the broker and the database; its ratio to
 * rawAmqpBaseline also counts the database.
 */
export async function rawAmqpInsertBaseline(
  amqpUrl: string,
  mysqlUrl: string,
  queue: string,
  count: number,
  payloadBytes: number,
  window = 1_000,
): Promise<{ seconds: number }> {
  const raw = await openRawChannels(amqpUrl, queue, PREFETCH);
  const { consumer } = raw;
  const pool = createPool({ uri: mysqlUrl, connectionLimit: COMMITS_IN_FLIGHT, timezone: 'Z' });
  try {
    const store = async (batch: ConsumeMessage[]) => {
      const values = batch.flatMap((message) => {
        const body = JSON.parse(message.content.toString('utf8')) as {
          id: string;
          correlationId: string;
          createdAt: string;
          payload: unknown;
        };
        return [
          body.id,
          body.correlationId,
          JSON.stringify(body.payload),
          'raw',
          new Date(body.createdAt),
          new Date(),
        ];
      });
      const connection = await pool.getConnection();
      try {
        await connection.beginTransaction();
        await connection.query(
          `INSERT INTO processed_messages (message_id, correlation_id, payload, processed_by, created_at, processed_at)
           VALUES ${batch.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
           ON DUPLICATE KEY UPDATE message_id = message_id`,
          values,
        );
        await connection.commit();
      } finally {
        connection.release();
      }
    };

    let stored = 0;
    let failed: unknown;
    let settle: { resolve(): void; reject(error: unknown): void } | undefined;
    const allStored = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    const pending: ConsumeMessage[] = [];
    let timer: NodeJS.Timeout | undefined;
    let inFlight = 0;
    // Each batch is acked (multiple) only after it and every batch before it committed.
    let acked = Promise.resolve();
    const flush = () => {
      clearTimeout(timer);
      timer = undefined;
      while (pending.length > 0 && inFlight < COMMITS_IN_FLIGHT) {
        const batch = pending.splice(0, BATCH_SIZE);
        inFlight++;
        acked = Promise.all([acked, store(batch)]).then(() => {
          consumer.ack(batch[batch.length - 1] as ConsumeMessage, true);
          inFlight--;
          stored += batch.length;
          if (stored === count) settle?.resolve();
          if (pending.length >= BATCH_SIZE) flush();
          else if (pending.length > 0) timer ??= setTimeout(flush, BATCH_WAIT_MS);
        });
        acked.catch((error: unknown) => {
          failed = error;
          settle?.reject(error);
        });
      }
    };
    await consumer.consume(queue, (message) => {
      if (!message || failed) return;
      pending.push(message);
      if (pending.length >= BATCH_SIZE) flush();
      else timer ??= setTimeout(flush, BATCH_WAIT_MS);
    });

    // As the producer makes them: one correlation id for the request, and each payload
    // `payloadBytes` long as JSON (services/producer/src/domain/generated-messages.ts).
    const correlationId = randomUUID();
    const filler = 'x'.repeat(payloadBytes);
    const started = performance.now();
    await publishInWindows(raw.publisher, queue, count, window, (seq) => {
      const overhead = `{"seq":${seq},"filler":""}`.length;
      const payload = { seq, filler: filler.slice(0, Math.max(0, payloadBytes - overhead)) };
      return Buffer.from(
        JSON.stringify({
          id: randomUUID(),
          correlationId,
          createdAt: new Date().toISOString(),
          payload,
        }),
      );
    });
    await allStored;
    return { seconds: (performance.now() - started) / 1000 };
  } finally {
    await raw.close();
    await pool.end();
  }
}

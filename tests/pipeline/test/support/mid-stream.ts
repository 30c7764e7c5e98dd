import { waitFor } from '@podlab/testing';
import { spawnBuiltService, type BuiltService } from '@podlab/testing/built-service';
import { expect } from 'vitest';
import { isReady, sendBatch } from './http.js';
import { processedCount, processedRows } from './pipeline-database.js';

/**
 * Starts a consumer, sends `count` messages through the producer and resolves once the
 * consumer has committed some but not all of them: the moment to break something.
 */
export async function consumerMidStream(
  producerUrl: string,
  consumerEnv: Record<string, string>,
  databaseUrl: string,
  count: number,
): Promise<BuiltService> {
  const consumer = await spawnBuiltService('consumer', consumerEnv);
  await waitFor(
    'services ready',
    async () => (await isReady(producerUrl)) && (await isReady(consumer.url)),
  );
  const sent = await sendBatch(producerUrl, count);
  expect(sent.status).toBe(202);
  expect(sent.body.accepted).toBe(count);
  await waitFor('consumer mid-stream', async () => (await processedCount(databaseUrl)) >= 1_000, {
    intervalMs: 20,
  });
  return consumer;
}

/** Waits until `count` rows are committed, then checks there are exactly that many, each id once. */
export async function expectEachMessageOnce(databaseUrl: string, count: number): Promise<void> {
  await waitFor('all rows', async () => (await processedCount(databaseUrl)) >= count, {
    timeoutMs: 90_000,
  });
  const rows = await processedRows(databaseUrl);
  expect(rows.total).toBe(count);
  expect(rows.distinct).toBe(count);
}

import type { ErrorResponse } from '@podlab/contracts';
import {
  createTestDatabase,
  sharedServers,
  startMariaDb,
  uniqueName,
  waitFor,
} from '@podlab/testing';
import { spawnBuiltService } from '@podlab/testing/built-service';
import { afterAll, describe, expect, it } from 'vitest';
import { processedCount } from './support/pipeline-database.js';
import { isReady, sendBatch } from './support/http.js';
import { expectEachMessageOnce } from './support/mid-stream.js';

// A database server of this file's own: stopping it must not disturb other test files.
const mariaDb = await startMariaDb({ name: 'outage' });
afterAll(() => mariaDb.dispose());
const database = await createTestDatabase(mariaDb.adminUrl, 'pipeline');
const queue = uniqueName('pipeline');
const common = {
  AMQP_URL: sharedServers().amqpUrl,
  AMQP_QUEUE: queue,
  AMQP_EXCHANGE: `${queue}.x`,
};
const producer = await spawnBuiltService('producer', common);
const consumer = await spawnBuiltService('consumer', {
  ...common,
  MYSQL_URL: database.url,
  CONSUMER_BATCH_SIZE: '100',
  CONSUMER_PREFETCH: '300',
});

describe('when MySQL stops mid-stream and comes back', () => {
  it('then the consumer stops acking, resumes alone, and nothing is lost or doubled', async () => {
    await waitFor(
      'services ready',
      async () => (await isReady(producer.url)) && (await isReady(consumer.url)),
    );
    const sent = await sendBatch(producer.url, 20_000);
    expect(sent.status).toBe(202);
    expect(sent.body.accepted).toBe(20_000);
    await waitFor(
      'consumer mid-stream',
      async () => (await processedCount(database.url)) >= 1_000,
      { intervalMs: 20 },
    );

    await mariaDb.stop();
    await waitFor(
      'consumer not ready',
      async () => (await fetch(`${consumer.url}/readyz`)).status === 503,
    );
    const stats = await fetch(`${consumer.url}/api/consumer/stats`);
    expect(stats.status).toBe(503);
    expect(((await stats.json()) as ErrorResponse).error.code).toBe('DATABASE_UNAVAILABLE');
    // Long enough for several retries with back-off while messages wait unacked in the broker.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(consumer.child.exitCode).toBe(null);
    await mariaDb.start();

    await expectEachMessageOnce(database.url, 20_000);
    await waitFor('consumer ready again', async () => await isReady(consumer.url));
    expect(consumer.logs.some((line) => line.includes('batch not committed; retrying'))).toBe(true);
  });
});

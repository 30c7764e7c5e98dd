import { sharedServers, waitFor } from '@podlab/testing';
import { describe, expect, it } from 'vitest';
import { processedCount, processedRows } from './support/pipeline-database.js';
import { pipelineEnv } from './support/pipeline-env.js';
import { consumerStats, isReady, sendBatch } from './support/http.js';
import { spawnService } from './support/spawn-service.js';

const { amqpUrl, mysqlAdminUrl } = sharedServers();
const env = await pipelineEnv(amqpUrl, mysqlAdminUrl);
const producer = await spawnService('producer', env.producerEnv);
// Small batches and a slow pace keep the consumer mid-stream when it is killed.
const consumerEnv = { ...env.consumerEnv, CONSUMER_BATCH_SIZE: '100', CONSUMER_PREFETCH: '300' };

describe('when the consumer is killed with SIGKILL mid-stream and started again', () => {
  it('then no message is lost and none is recorded twice', async () => {
    const first = await spawnService('consumer', { ...consumerEnv, POD_NAME: 'consumer-a' });
    await waitFor(
      'services ready',
      async () => (await isReady(producer.url)) && (await isReady(first.url)),
    );
    const sent = await sendBatch(producer.url, 20_000);
    expect(sent.status).toBe(202);
    expect(sent.body.accepted).toBe(20_000);

    await waitFor(
      'consumer mid-stream',
      async () => (await processedCount(env.databaseUrl)) >= 1_000,
      { intervalMs: 20 },
    );
    first.signal('SIGKILL');
    expect(await first.exited).toBe(null);
    const atCrash = await processedCount(env.databaseUrl);
    expect(atCrash).toBeLessThan(20_000);

    const second = await spawnService('consumer', { ...consumerEnv, POD_NAME: 'consumer-b' });
    await waitFor('all rows', async () => (await processedCount(env.databaseUrl)) >= 20_000, {
      timeoutMs: 90_000,
    });
    const rows = await processedRows(env.databaseUrl);
    expect(rows.total).toBe(20_000);
    expect(rows.distinct).toBe(20_000);
    const stats = await consumerStats(second.url);
    expect(stats.deadLetterDepth).toBe(0);
  });
});

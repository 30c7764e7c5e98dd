import { sharedServers, waitFor } from '@podlab/testing';
import { describe, expect, it } from 'vitest';
import { processedCount, processedRows } from './support/pipeline-database.js';
import { pipelineEnv } from './support/pipeline-env.js';
import { isReady, sendBatch } from './support/http.js';
import { spawnService } from './support/spawn-service.js';

const { amqpUrl, mysqlAdminUrl } = sharedServers();
const env = await pipelineEnv(amqpUrl, mysqlAdminUrl);
const producer = await spawnService('producer', env.producerEnv);
const consumerEnv = {
  ...env.consumerEnv,
  SHUTDOWN_DELAY_MS: '1000',
  CONSUMER_BATCH_SIZE: '100',
  CONSUMER_PREFETCH: '500',
};

describe('when the consumer gets SIGTERM under load', () => {
  it('then /readyz turns 503 before the listener closes, in-flight work finishes, it exits 0, and nothing is lost', async () => {
    const first = await spawnService('consumer', { ...consumerEnv, POD_NAME: 'consumer-old' });
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

    first.signal('SIGTERM');
    const seen: (number | 'refused')[] = [];
    while (first.child.exitCode === null && seen.at(-1) !== 'refused') {
      try {
        seen.push((await fetch(`${first.url}/readyz`)).status);
      } catch {
        seen.push('refused');
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(seen[0]).toBe(503);
    expect(seen).not.toContain(200);
    expect(await first.exited).toBe(0);
    expect(first.logs.some((line) => line.includes('shut down cleanly'))).toBe(true);

    await spawnService('consumer', { ...consumerEnv, POD_NAME: 'consumer-new' });
    await waitFor('all rows', async () => (await processedCount(env.databaseUrl)) >= 20_000, {
      timeoutMs: 90_000,
    });
    const rows = await processedRows(env.databaseUrl);
    expect(rows.total).toBe(20_000);
    expect(rows.distinct).toBe(20_000);
  });
});

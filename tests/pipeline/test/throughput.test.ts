import { sharedServers, waitFor } from '@podlab/testing';
import { spawnBuiltService } from '@podlab/testing/built-service';
import { describe, expect, it } from 'vitest';
import { processedCount, processedRows } from './support/pipeline-database.js';
import { pipelineEnv } from './support/pipeline-env.js';
import { consumerStats, isReady, sendBatch } from './support/http.js';

const { amqpUrl, mysqlAdminUrl } = sharedServers();
const env = await pipelineEnv(amqpUrl, mysqlAdminUrl);
const producer = await spawnBuiltService('producer', env.producerEnv);
const consumer = await spawnBuiltService('consumer', env.consumerEnv);

describe('producer → RabbitMQ → consumer → MySQL', () => {
  it('when 10,000 messages are sent, then exactly 10,000 rows exist, each id once', async () => {
    await waitFor(
      'both services ready',
      async () => (await isReady(producer.url)) && (await isReady(consumer.url)),
    );
    const sent = await sendBatch(producer.url, 10_000);
    expect(sent.status).toBe(202);
    expect(sent.body.accepted).toBe(10_000);

    await waitFor('10,000 rows', async () => (await processedCount(env.databaseUrl)) >= 10_000, {
      timeoutMs: 60_000,
    });
    const rows = await processedRows(env.databaseUrl);
    expect(rows.total).toBe(10_000);
    expect(rows.distinct).toBe(10_000);

    const stats = await consumerStats(consumer.url);
    expect(stats.processed).toBe(10_000);
    expect(Object.values(stats.processedBy).reduce((a, b) => a + b, 0)).toBe(10_000);
    expect(stats.queueDepth).toBe(0);
    expect(stats.deadLetterDepth).toBe(0);

    const consumerMetrics = await (await fetch(`${consumer.url}/metrics`)).text();
    expect(consumerMetrics).toContain(
      `amqp_messages_processed_total{queue="${env.queue}",service="consumer"} 10000`,
    );
    const producerMetrics = await (await fetch(`${producer.url}/metrics`)).text();
    expect(producerMetrics).toContain(
      `amqp_messages_published_total{exchange="${env.exchange}",service="producer"} 10000`,
    );
  });
});

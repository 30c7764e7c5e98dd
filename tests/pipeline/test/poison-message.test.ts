import { randomUUID } from 'node:crypto';
import { sharedServers, waitFor } from '@podlab/testing';
import amqplib from 'amqplib';
import { spawnBuiltService } from '@podlab/testing/built-service';
import { afterAll, describe, expect, it } from 'vitest';
import { processedRows } from './support/pipeline-database.js';
import { pipelineEnv } from './support/pipeline-env.js';
import { consumerStats, isReady } from './support/http.js';

const { amqpUrl, mysqlAdminUrl } = sharedServers();
const env = await pipelineEnv(amqpUrl, mysqlAdminUrl);
const consumer = await spawnBuiltService('consumer', env.consumerEnv);
const connection = await amqplib.connect(amqpUrl);
afterAll(() => connection.close());

const valid = () => ({
  id: randomUUID(),
  correlationId: 'poison-test',
  createdAt: new Date().toISOString(),
  payload: { ok: true },
});

describe('when poison messages arrive among good ones', () => {
  it('then each goes to the dead-letter queue with its reason, and the good ones after it are processed', async () => {
    await waitFor('consumer ready', async () => await isReady(consumer.url));
    const channel = await connection.createConfirmChannel();
    const publish = (body: string) =>
      channel.publish(env.exchange, env.queue, Buffer.from(body), { persistent: true });
    const good = [valid(), valid(), valid()];
    publish(JSON.stringify(good[0]));
    publish('this is not JSON');
    publish(JSON.stringify({ ...valid(), id: 'not-a-uuid' }));
    publish(JSON.stringify(good[1]));
    publish(JSON.stringify(good[2]));
    await channel.waitForConfirms();

    await waitFor('good messages recorded', async () => {
      const { ids } = await processedRows(env.databaseUrl);
      return good.every((m) => ids.has(m.id));
    });
    expect((await processedRows(env.databaseUrl)).total).toBe(3);

    const deadQueue = `${env.queue}.dead`;
    await waitFor(
      'two dead letters',
      async () => (await channel.checkQueue(deadQueue)).messageCount === 2,
    );
    const reasons: string[] = [];
    for (let i = 0; i < 2; i++) {
      const message = await channel.get(deadQueue, { noAck: true });
      if (message)
        reasons.push(String(message.properties.headers?.['x-podlab-dead-letter-reason']));
    }
    expect(reasons.sort()).toEqual([
      expect.stringMatching(/^body fails the pipeline message contract: id: /),
      expect.stringMatching(/^body is not JSON: /),
    ]);
    const stats = await consumerStats(consumer.url);
    expect(stats.processed).toBe(3);
    await channel.close();
  });
});

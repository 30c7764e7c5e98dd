import { sharedServers } from '@podlab/testing';
import { spawnBuiltService } from '@podlab/testing/built-service';
import { describe, expect, it } from 'vitest';
import { processedCount } from './support/pipeline-database.js';
import { pipelineEnv } from './support/pipeline-env.js';
import { consumerStats } from './support/http.js';
import { consumerMidStream, expectEachMessageOnce } from './support/mid-stream.js';

const { amqpUrl, mysqlAdminUrl } = sharedServers();
const env = await pipelineEnv(amqpUrl, mysqlAdminUrl);
const producer = await spawnBuiltService('producer', env.producerEnv);
// Small batches and a slow pace keep the consumer mid-stream when it is killed.
const consumerEnv = { ...env.consumerEnv, CONSUMER_BATCH_SIZE: '100', CONSUMER_PREFETCH: '300' };

describe('when the consumer is killed with SIGKILL mid-stream and started again', () => {
  it('then no message is lost and none is recorded twice', async () => {
    const first = await consumerMidStream(
      producer.url,
      { ...consumerEnv, POD_NAME: 'consumer-a' },
      env.databaseUrl,
      20_000,
    );
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe(null);
    const atCrash = await processedCount(env.databaseUrl);
    expect(atCrash).toBeLessThan(20_000);

    const second = await spawnBuiltService('consumer', { ...consumerEnv, POD_NAME: 'consumer-b' });
    await expectEachMessageOnce(env.databaseUrl, 20_000);
    const stats = await consumerStats(second.url);
    expect(stats.deadLetterDepth).toBe(0);
  });
});

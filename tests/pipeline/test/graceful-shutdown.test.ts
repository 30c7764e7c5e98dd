import { sharedServers } from '@podlab/testing';
import { spawnBuiltService } from '@podlab/testing/built-service';
import { describe, expect, it } from 'vitest';
import { pipelineEnv } from './support/pipeline-env.js';
import { consumerMidStream, expectEachMessageOnce } from './support/mid-stream.js';

const { amqpUrl, mysqlAdminUrl } = sharedServers();
const env = await pipelineEnv(amqpUrl, mysqlAdminUrl);
const producer = await spawnBuiltService('producer', env.producerEnv);
const consumerEnv = {
  ...env.consumerEnv,
  SHUTDOWN_DELAY_MS: '1000',
  CONSUMER_BATCH_SIZE: '100',
  CONSUMER_PREFETCH: '500',
};

describe('when the consumer gets SIGTERM under load', () => {
  it('then /readyz turns 503 before the listener closes, in-flight work finishes, it exits 0, and nothing is lost', async () => {
    const first = await consumerMidStream(
      producer.url,
      { ...consumerEnv, POD_NAME: 'consumer-old' },
      env.databaseUrl,
      20_000,
    );

    first.child.kill('SIGTERM');
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

    await spawnBuiltService('consumer', { ...consumerEnv, POD_NAME: 'consumer-new' });
    await expectEachMessageOnce(env.databaseUrl, 20_000);
  });
});

import { sharedServers, startRabbitMq, waitFor } from '@podlab/testing';
import { spawnBuiltService } from '@podlab/testing/built-service';
import { afterAll, describe, expect, it } from 'vitest';
import { processedRows } from './support/pipeline-database.js';
import { pipelineEnv } from './support/pipeline-env.js';
import { publishLoop } from './support/publish-loop.js';
import { isReady } from './support/http.js';

// A broker of this file's own: stopping it must not disturb other test files.
const broker = await startRabbitMq({ name: 'outage' });
afterAll(() => broker.dispose());
const env = await pipelineEnv(broker.url, sharedServers().mysqlAdminUrl);
const producer = await spawnBuiltService('producer', {
  ...env.producerEnv,
  PUBLISH_CONFIRM_TIMEOUT_MS: '2000',
});
const consumer = await spawnBuiltService('consumer', env.consumerEnv);

describe('when the broker stops mid-stream and comes back', () => {
  it('then the producer answers 503 meanwhile, every 202 ends up in MySQL once, and both services recover alone', async () => {
    await waitFor(
      'services ready',
      async () => (await isReady(producer.url)) && (await isReady(consumer.url)),
    );
    const load = publishLoop(producer.url);
    // Not a speed check: on a loaded 2-core machine 300 accepted messages took more than 10 s.
    await waitFor('some accepted messages', () => load.accepted.size >= 300, {
      timeoutMs: 60_000,
    });

    await broker.stop();
    const acceptedAtStop = load.accepted.size;
    await waitFor('producer refusing', () => load.refused.some((r) => r.status === 503), {
      timeoutMs: 10_000,
    });
    expect((await fetch(`${producer.url}/readyz`)).status).toBe(503);
    await broker.start();

    await waitFor('producer accepting again', () => load.accepted.size >= acceptedAtStop + 300, {
      timeoutMs: 60_000,
    });
    await load.stop();

    const refusals = load.refused.filter((r) => r.status === 503);
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals.every((r) => r.retryAfter !== null && r.code === 'BROKER_UNAVAILABLE')).toBe(
      true,
    );
    expect(load.refused.filter((r) => r.status >= 500 && r.status !== 503)).toEqual([]);

    await waitFor(
      'every accepted message committed',
      async () => {
        const { ids } = await processedRows(env.databaseUrl);
        return [...load.accepted].every((id) => ids.has(id));
      },
      { timeoutMs: 60_000 },
    );
    const rows = await processedRows(env.databaseUrl);
    expect(rows.total).toBe(rows.distinct);
    expect(await isReady(consumer.url)).toBe(true);
    expect(await isReady(producer.url)).toBe(true);
  });
});

import { createLogger, Lifecycle } from '@podlab/kit';
import { afterEach, describe, expect, it } from 'vitest';
import { PruneProcessedMessagesUseCase } from '../domain/prune-processed-messages-use-case.js';
import { scheduleHousekeeping } from './housekeeping-schedule.js';

const logger = createLogger({ service: 'consumer-test', level: 'silent', format: 'json' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const lifecycles: Lifecycle[] = [];
afterEach(async () => {
  for (const lifecycle of lifecycles.splice(0)) await lifecycle.shutdown('test over');
});

/** A repository whose DELETE takes `ms`, answers `rows()` and records how many ran at once. */
function slowRepository(ms: number, rows: (call: number) => number) {
  const seen = { calls: 0, running: 0, maxRunning: 0, finished: 0 };
  return {
    seen,
    async deleteProcessedBefore() {
      const call = ++seen.calls;
      seen.running++;
      seen.maxRunning = Math.max(seen.maxRunning, seen.running);
      await sleep(ms);
      seen.running--;
      seen.finished++;
      return rows(call);
    },
  };
}

/** Housekeeping outside a cluster (no service-account folder): this process leads at once. */
async function start(repository: ReturnType<typeof slowRepository>, intervalMs: number) {
  const lifecycle = new Lifecycle({ logger, shutdownDelayMs: 0, shutdownTimeoutMs: 5_000 });
  lifecycles.push(lifecycle);
  const prune = new PruneProcessedMessagesUseCase(repository, {
    retentionHours: 1,
    chunkSize: 10,
    pauseBetweenChunksMs: 0,
  });
  const leadership = await scheduleHousekeeping({ pod: 'pod-a', logger, lifecycle }, prune, {
    leaseName: 'housekeeping',
    intervalMs,
    election: { serviceAccountDir: 'no-such-dir', env: {} },
  });
  return { lifecycle, leadership };
}

describe('scheduleHousekeeping', () => {
  it('when a run takes longer than the interval, then runs never overlap', async () => {
    const repository = slowRepository(100, () => 0);
    const { leadership } = await start(repository, 5);
    expect(leadership).toMatchObject({ inCluster: false, isLeader: true });
    await sleep(450);
    expect(repository.seen.calls).toBeGreaterThanOrEqual(3);
    expect(repository.seen.maxRunning).toBe(1);
  });

  it('when shutdown comes mid-chunk, then that chunk finishes, no other starts, and shutdown waits for it', async () => {
    const repository = slowRepository(150, () => 10); // always a full chunk: the purge would go on
    const { lifecycle } = await start(repository, 1_000);
    await expect.poll(() => repository.seen.calls).toBe(1);
    expect(await lifecycle.shutdown('test')).toBe(true);
    expect(repository.seen).toMatchObject({ calls: 1, finished: 1, running: 0 });
    await sleep(200);
    expect(repository.seen.calls).toBe(1);
  });

  it('when a run fails, then the next run still happens', async () => {
    let failures = 0;
    const repository = {
      async deleteProcessedBefore() {
        if (failures++ === 0) throw new Error('database away');
        return 0;
      },
    };
    await start(repository as ReturnType<typeof slowRepository>, 20);
    await expect.poll(() => failures).toBeGreaterThanOrEqual(3);
  });
});

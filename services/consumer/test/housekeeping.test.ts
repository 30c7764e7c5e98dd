import { randomUUID } from 'node:crypto';
import type { PipelineMessage } from '@podlab/contracts';
import { createLogger, Lifecycle } from '@podlab/kit';
import { createMysqlPool, runMigrations, type RowDataPacket } from '@podlab/kit/db';
import { createTestDatabase, sharedServers } from '@podlab/testing';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../src/data-access/migrations.js';
import { ProcessedMessagesRepository } from '../src/data-access/processed-messages-repository.js';
import { PruneProcessedMessagesUseCase } from '../src/domain/prune-processed-messages-use-case.js';
import { scheduleHousekeeping } from '../src/entry-points/housekeeping-schedule.js';

const logger = createLogger({ service: 'consumer-test', level: 'silent', format: 'json' });
const { mysqlAdminUrl } = sharedServers();
const database = await createTestDatabase(mysqlAdminUrl, 'consumer_housekeeping');
const poolLifecycle = new Lifecycle({ logger, shutdownDelayMs: 0, shutdownTimeoutMs: 5_000 });
const pool = createMysqlPool(database.url, poolLifecycle);
afterAll(async () => {
  await poolLifecycle.shutdown('test over');
  await database.drop();
});
await runMigrations(pool, migrations, logger);
const repository = new ProcessedMessagesRepository(pool);

const HOUR = 3_600_000;
const now = new Date();

/** Rows as the consumer writes them, processed `hoursAgo` before now. */
async function processed(count: number, hoursAgo: number): Promise<void> {
  const messages: PipelineMessage[] = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    correlationId: 'housekeeping-test',
    createdAt: now.toISOString(),
    payload: { i },
  }));
  await repository.markProcessed(
    messages,
    'consumer-test-pod',
    new Date(now.getTime() - hoursAgo * HOUR),
  );
}

async function oldestHoursAgo(): Promise<number | null> {
  const [rows] = await pool.query<RowDataPacket[]>(
    'SELECT MIN(processed_at) AS oldest FROM processed_messages',
  );
  const oldest = rows[0]?.oldest as Date | null;
  return oldest ? (now.getTime() - oldest.getTime()) / HOUR : null;
}

beforeEach(async () => {
  await pool.query('DELETE FROM processed_messages');
});

describe('pruning processed messages', () => {
  it('when rows are older than the retention, then they go in chunks of 5,000 and younger rows stay', async () => {
    await processed(5_500, 24 * 8);
    await processed(3, 168 + 0.01); // just past the retention
    await processed(20, 167.9); // just inside it
    await processed(30, 1);
    const prune = new PruneProcessedMessagesUseCase(repository, {
      retentionHours: 168,
      chunkSize: 5_000,
      pauseBetweenChunksMs: 0,
    });

    const result = await prune.execute(new AbortController().signal, now);

    expect(result).toMatchObject({ deleted: 5_503, chunks: 2 });
    expect(await repository.countAll()).toBe(50);
    expect(await oldestHoursAgo()).toBeCloseTo(167.9, 3);
  });

  it('when aborted between chunks, then it stops after the chunk in flight', async () => {
    await processed(250, 24 * 30);
    const abort = new AbortController();
    const counting = {
      deleteProcessedBefore: async (cutoff: Date, limit: number) => {
        const deleted = await repository.deleteProcessedBefore(cutoff, limit);
        abort.abort();
        return deleted;
      },
    };
    const prune = new PruneProcessedMessagesUseCase(counting, {
      retentionHours: 1,
      chunkSize: 100,
      pauseBetweenChunksMs: 0,
    });
    expect(await prune.execute(abort.signal, now)).toMatchObject({ deleted: 100, chunks: 1 });
    expect(await repository.countAll()).toBe(150);
  });

  it('when the consumer leads (outside a cluster), then housekeeping prunes at once and not after shutdown', async () => {
    await processed(40, 24 * 10);
    await processed(10, 1);
    const lifecycle = new Lifecycle({ logger, shutdownDelayMs: 0, shutdownTimeoutMs: 5_000 });
    const prune = new PruneProcessedMessagesUseCase(repository, {
      retentionHours: 168,
      chunkSize: 5_000,
      pauseBetweenChunksMs: 0,
    });
    await scheduleHousekeeping({ pod: 'consumer-test-pod', logger, lifecycle }, prune, {
      leaseName: 'consumer-housekeeping',
      intervalMs: 50,
      election: { serviceAccountDir: 'no-such-dir', env: {} },
    });
    await expect.poll(() => repository.countAll()).toBe(10);

    expect(await lifecycle.shutdown('test')).toBe(true);
    await processed(5, 24 * 10);
    await new Promise((resolve) => setTimeout(resolve, 200)); // four intervals
    expect(await repository.countAll()).toBe(15);
  });
});

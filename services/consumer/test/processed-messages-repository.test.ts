import { randomUUID } from 'node:crypto';
import { MAX_PAYLOAD_BYTES, type PipelineMessage } from '@podlab/contracts';
import { Lifecycle } from '@podlab/kit';
import { createMysqlPool, runMigrations, type RowDataPacket } from '@podlab/kit/db';
import { createTestDatabase, sharedServers } from '@podlab/testing';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from '../src/data-access/migrations.js';
import { ProcessedMessagesRepository } from '../src/data-access/processed-messages-repository.js';

const logger = pino({ level: 'silent' });
const database = await createTestDatabase(sharedServers().mysqlAdminUrl, 'consumer_repo');
const lifecycle = new Lifecycle({ logger, shutdownDelayMs: 0, shutdownTimeoutMs: 5_000 });
const pool = createMysqlPool(database.url, lifecycle);
afterAll(async () => {
  await pool.end();
  await database.drop();
});
await runMigrations(pool, migrations, logger);
const repository = new ProcessedMessagesRepository(pool);

const message = (payload: PipelineMessage['payload']): PipelineMessage => ({
  id: randomUUID(),
  correlationId: 'repo-test',
  createdAt: new Date().toISOString(),
  payload,
});

describe('ProcessedMessagesRepository.markProcessed', () => {
  it('when a whole batch holds the largest payloads the contract allows, then every row is written', async () => {
    // 160 payloads of 64 KiB of quotes, which SQL escaping doubles: ~20 MiB of statement in one
    // piece, over MariaDB's default max_allowed_packet of 16 MiB (a default batch holds 500).
    const largest = '"'.repeat((MAX_PAYLOAD_BYTES - 2) / 2);
    expect(Buffer.byteLength(JSON.stringify(largest))).toBe(MAX_PAYLOAD_BYTES);
    const batch = Array.from({ length: 160 }, () => message(largest));
    await repository.markProcessed(batch, 'pod-a', new Date());
    const [rows] = await pool.query<RowDataPacket[]>(
      'SELECT COUNT(*) AS n, MIN(LENGTH(CAST(payload AS CHAR))) AS shortest FROM processed_messages WHERE correlation_id = ?',
      ['repo-test'],
    );
    expect(Number(rows[0]?.n)).toBe(160);
    expect(Number(rows[0]?.shortest)).toBe(MAX_PAYLOAD_BYTES);
  });

  it('when a batch is written again (a redelivery), then nothing is duplicated', async () => {
    const batch = [message({ a: 1 }), message([1, '😀'])];
    await repository.markProcessed(batch, 'pod-a', new Date());
    await repository.markProcessed(batch, 'pod-b', new Date());
    const [rows] = await pool.query<RowDataPacket[]>(
      'SELECT processed_by FROM processed_messages WHERE message_id IN (?)',
      [batch.map((m) => m.id)],
    );
    expect(rows.map((row) => row.processed_by)).toEqual(['pod-a', 'pod-a']);
  });
});

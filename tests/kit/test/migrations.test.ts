import { createLogger, Lifecycle } from '@podlab/kit';
import {
  createMysqlPool,
  runMigrations,
  type Migration,
  type Pool,
  type RowDataPacket,
} from '@podlab/kit/db';
import { createTestDatabase, sharedServers, type TestDatabase } from '@podlab/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const logger = createLogger({ service: 'kit-tests', level: 'silent', format: 'json' });

/**
 * Each one fails if applied twice: the CREATE TABLEs have no IF NOT EXISTS, and a repeated
 * INSERT would leave two rows.
 */
const migrations: Migration[] = [
  // Listed out of order on purpose: they are applied by id.
  { id: '003-seed-orders', statements: ["INSERT INTO orders (sku) VALUES ('first')"] },
  { id: '001-create-orders', statements: ['CREATE TABLE orders (sku VARCHAR(64) NOT NULL)'] },
  {
    id: '002-create-order-lines',
    statements: [
      'CREATE TABLE order_lines (id INT NOT NULL PRIMARY KEY)',
      'ALTER TABLE orders ADD COLUMN note VARCHAR(64) NULL',
    ],
  },
];

let database: TestDatabase;
let lifecycle: Lifecycle;
let inspector: Pool;

beforeEach(async () => {
  database = await createTestDatabase(sharedServers().mysqlAdminUrl, 'kit_migrations');
  lifecycle = new Lifecycle({ logger, shutdownDelayMs: 0, shutdownTimeoutMs: 10_000 });
  inspector = createMysqlPool(database.url, lifecycle, { connectionLimit: 1 });
});

afterEach(async () => {
  await lifecycle.shutdown('test done');
  await database.drop();
});

/** One pool per simulated replica, each closed by the lifecycle as in production. */
const replica = () => createMysqlPool(database.url, lifecycle, { connectionLimit: 2 });
const replicas = (count: number) => Array.from({ length: count }, replica);

async function rows<T extends RowDataPacket>(sql: string): Promise<T[]> {
  const [result] = await inspector.query<T[]>(sql);
  return result;
}

describe('runMigrations', () => {
  it('when 5 replicas start at once on a fresh database, then each migration is applied exactly once and none fails', async () => {
    const results = await Promise.all(
      replicas(5).map((pool) => runMigrations(pool, migrations, logger, 30)),
    );

    // One replica did the work; the others found nothing left (or a tail the first had not reached).
    const applied = results.flat();
    expect(applied.sort()).toEqual([
      '001-create-orders',
      '002-create-order-lines',
      '003-seed-orders',
    ]);
    const recorded = await rows<RowDataPacket & { id: string; n: number }>(
      'SELECT id, COUNT(*) AS n FROM schema_migrations GROUP BY id ORDER BY id',
    );
    expect(recorded.map((r) => [r.id, Number(r.n)])).toEqual([
      ['001-create-orders', 1],
      ['002-create-order-lines', 1],
      ['003-seed-orders', 1],
    ]);
    expect(await rows('SELECT sku, note FROM orders')).toEqual([{ sku: 'first', note: null }]);
  });

  it('when run again, then it applies nothing and changes nothing', async () => {
    const [first, second] = [replica(), replica()];
    expect(await runMigrations(first, migrations, logger)).toHaveLength(3);
    expect(await runMigrations(second, migrations, logger)).toEqual([]);
    expect(await runMigrations(first, migrations, logger)).toEqual([]);
    expect(await rows('SELECT sku FROM orders')).toEqual([{ sku: 'first' }]);
  });

  it('when a new migration ships, then only it is applied', async () => {
    const pool = replica();
    await runMigrations(pool, migrations, logger);
    const next: Migration = {
      id: '004-index-orders',
      statements: ['CREATE INDEX orders_sku ON orders (sku)'],
    };
    expect(await runMigrations(pool, [...migrations, next], logger)).toEqual(['004-index-orders']);
  });

  it('when a statement fails, then the error surfaces, earlier migrations stay recorded and the lock is released', async () => {
    const [pool, other] = [replica(), replica()];
    const broken: Migration = { id: '004-broken', statements: ['CREATE TABLE orders (x INT)'] };
    await expect(runMigrations(pool, [...migrations, broken], logger)).rejects.toMatchObject({
      code: 'ER_TABLE_EXISTS_ERROR',
    });
    const recorded = await rows<RowDataPacket & { id: string }>(
      'SELECT id FROM schema_migrations ORDER BY id',
    );
    expect(recorded.map((r) => r.id)).toEqual([
      '001-create-orders',
      '002-create-order-lines',
      '003-seed-orders',
    ]);
    // Another replica can take the lock at once (a 1 s timeout would fail if it were still held).
    expect(await runMigrations(other, migrations, logger, 1)).toEqual([]);
  });
});

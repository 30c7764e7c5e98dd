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

  describe('when an applied migration was edited', () => {
    const edited = (statements: string[]) =>
      migrations.map((m) => (m.id === '002-create-order-lines' ? { ...m, statements } : m));
    const next: Migration = {
      id: '004-index-orders',
      statements: ['CREATE INDEX i ON orders (sku)'],
    };

    it('then it refuses to start, naming the migration, and applies nothing', async () => {
      const pool = replica();
      await runMigrations(pool, migrations, logger);
      const changed = edited(['CREATE TABLE order_lines (id BIGINT NOT NULL PRIMARY KEY)']);

      await expect(runMigrations(pool, [...changed, next], logger)).rejects.toThrow(
        /^Migration 002-create-order-lines of schema kit_migrations\w* was edited after being applied: .* add the change as a new migration/,
      );
      const recorded = await rows<RowDataPacket & { id: string }>(
        'SELECT id FROM schema_migrations',
      );
      expect(recorded.map((r) => r.id)).not.toContain('004-index-orders');
    });

    it('then a change of whitespace alone is refused too: the server ran the text', async () => {
      const pool = replica();
      await runMigrations(pool, migrations, logger);
      const reindented = edited([
        'CREATE TABLE order_lines (id INT NOT NULL PRIMARY KEY) ',
        'ALTER TABLE orders ADD COLUMN note VARCHAR(64) NULL',
      ]);
      await expect(runMigrations(pool, reindented, logger)).rejects.toThrow(
        /002-create-order-lines/,
      );
    });
  });

  describe('when the database was migrated before checksums were recorded', () => {
    beforeEach(async () => {
      // The table and rows as the migrator wrote them before it recorded checksums.
      await inspector.query(
        'CREATE TABLE schema_migrations (id VARCHAR(191) NOT NULL PRIMARY KEY, applied_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3))',
      );
      for (const migration of migrations.filter((m) => m.id !== '003-seed-orders')) {
        for (const statement of migration.statements) await inspector.query(statement);
        await inspector.query('INSERT INTO schema_migrations (id) VALUES (?)', [migration.id]);
      }
    });

    it('then it applies only what is pending and records every checksum', async () => {
      expect(await runMigrations(replica(), migrations, logger)).toEqual(['003-seed-orders']);
      const recorded = await rows<RowDataPacket & { id: string; checksum: string | null }>(
        'SELECT id, checksum FROM schema_migrations ORDER BY id',
      );
      expect(recorded.map((r) => r.id)).toEqual([
        '001-create-orders',
        '002-create-order-lines',
        '003-seed-orders',
      ]);
      for (const { checksum } of recorded) expect(checksum).toMatch(/^[0-9a-f]{64}$/);
    });

    it('then an edit made after that first run is caught', async () => {
      const pool = replica();
      await runMigrations(pool, migrations, logger);
      const changed = migrations.map((m) =>
        m.id === '001-create-orders' ? { ...m, statements: ['CREATE TABLE orders (x INT)'] } : m,
      );
      await expect(runMigrations(pool, changed, logger)).rejects.toThrow(
        /^Migration 001-create-orders of schema/,
      );
    });
  });
});

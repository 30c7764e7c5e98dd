import { createLogger, Lifecycle } from '@podlab/kit';
import { createMysqlPool, isTransientMysqlError, type Pool } from '@podlab/kit/db';
import { createTestDatabase, sharedServers, startMariaDb } from '@podlab/testing';
import { afterAll, describe, expect, it } from 'vitest';

const logger = createLogger({ service: 'kit-tests', level: 'silent', format: 'json' });
const lifecycle = new Lifecycle({ logger, shutdownDelayMs: 0, shutdownTimeoutMs: 10_000 });
afterAll(() => lifecycle.shutdown('test done'));

/** What a query rejects with; fails the test if it succeeds. */
async function failureOf(query: Promise<unknown>): Promise<unknown> {
  const outcome = await query.then(
    () => ({ failed: false as const }),
    (error: unknown) => ({ failed: true as const, error }),
  );
  expect(outcome.failed, 'the query was expected to fail').toBe(true);
  return outcome.failed ? outcome.error : undefined;
}

describe('isTransientMysqlError against a MariaDB that goes away', () => {
  it('when the server is stopped, then both an open pooled connection and a new one fail transiently', async () => {
    const server = await startMariaDb({ name: 'kit-transient' });
    afterAll(() => server.dispose());
    const pool: Pool = createMysqlPool(server.adminUrl, lifecycle, { connectionLimit: 1 });
    await pool.query('SELECT 1');

    await server.stop();
    // The pooled connection was open when the server left.
    const onOpenConnection = await failureOf(pool.query('SELECT 1'));
    expect(isTransientMysqlError(onOpenConnection), String(onOpenConnection)).toBe(true);
    // Nothing listens any more: a fresh connection is refused.
    const onNewConnection = await failureOf(pool.query('SELECT 1'));
    expect(isTransientMysqlError(onNewConnection), String(onNewConnection)).toBe(true);
  });
});

describe('isTransientMysqlError for statements that can never succeed', () => {
  it('when a statement is not valid SQL, then it is not transient', async () => {
    const database = await createTestDatabase(sharedServers().mysqlAdminUrl, 'kit_transient');
    afterAll(() => database.drop());
    const pool = createMysqlPool(database.url, lifecycle);

    const syntax = await failureOf(pool.query('SELEC 1'));
    expect(syntax).toMatchObject({ code: 'ER_PARSE_ERROR' });
    expect(isTransientMysqlError(syntax)).toBe(false);

    await pool.query('CREATE TABLE items (id INT NOT NULL PRIMARY KEY)');
    await pool.query('INSERT INTO items (id) VALUES (1)');
    const duplicate = await failureOf(pool.query('INSERT INTO items (id) VALUES (1)'));
    expect(duplicate).toMatchObject({ code: 'ER_DUP_ENTRY' });
    expect(isTransientMysqlError(duplicate)).toBe(false);

    const notANumber = await failureOf(
      pool.query('INSERT INTO items (id) VALUES (?)', ['not a number']),
    );
    expect(isTransientMysqlError(notANumber)).toBe(false);

    // After all that the pool still serves: none of these broke a connection.
    await expect(pool.query('SELECT COUNT(*) AS n FROM items')).resolves.toBeDefined();
  });
});

import { createConnection } from 'mysql2/promise';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, sharedServers, type TestDatabase } from '../src/index.js';

async function query<T>(url: string, sql: string): Promise<T> {
  const connection = await createConnection({ uri: url });
  try {
    const [rows] = await connection.query(sql);
    return rows as T;
  } finally {
    await connection.end();
  }
}

describe('createTestDatabase', () => {
  const created: TestDatabase[] = [];
  const create = async (prefix: string) => {
    const database = await createTestDatabase(sharedServers().mysqlAdminUrl, prefix);
    created.push(database);
    return database;
  };

  afterEach(async () => {
    await Promise.all(created.splice(0).map((database) => database.drop()));
  });

  it('when created, then its url logs into that database with a user of its own', async () => {
    const database = await create('owner');

    const url = new URL(database.url);
    expect(url.pathname).toBe(`/${database.name}`);
    expect(url.username).not.toBe('root');
    expect(url.password).not.toBe('');
    const [row] = await query<{ db: string }[]>(database.url, 'SELECT DATABASE() AS db');
    expect(row?.db).toBe(database.name);
    await query(database.url, 'CREATE TABLE t (id INT PRIMARY KEY)');
  });

  it('when its user reads another test database, then access is denied', async () => {
    const mine = await create('mine');
    const theirs = await create('theirs');
    await query(theirs.url, 'CREATE TABLE secret (id INT PRIMARY KEY)');

    await expect(query(mine.url, `SELECT * FROM \`${theirs.name}\`.secret`)).rejects.toMatchObject({
      code: 'ER_TABLEACCESS_DENIED_ERROR',
    });
    const databases = await query<{ Database: string }[]>(mine.url, 'SHOW DATABASES');
    expect(databases.map((d) => d.Database)).not.toContain(theirs.name);
  });

  it('when its user migrates, then what the cluster grants works: tables, indexes, foreign keys, rows', async () => {
    const database = await create('granted');

    for (const sql of [
      'CREATE TABLE parent (id INT PRIMARY KEY)',
      'CREATE TABLE child (id INT PRIMARY KEY, parent_id INT, FOREIGN KEY (parent_id) REFERENCES parent (id))',
      'ALTER TABLE child ADD COLUMN note VARCHAR(20)',
      'CREATE INDEX child_note ON child (note)',
      'INSERT INTO parent VALUES (1)',
      "INSERT INTO child VALUES (1, 1, 'a')",
      "UPDATE child SET note = 'b'",
      'SELECT * FROM child',
      'DELETE FROM child',
      'DROP TABLE child',
    ])
      await query(database.url, sql);
  });

  it.each([
    ['CREATE VIEW v AS SELECT 1 AS one', 'ER_TABLEACCESS_DENIED_ERROR'],
    ['CREATE PROCEDURE p() SELECT 1', 'ER_DBACCESS_DENIED_ERROR'],
    ['CREATE TEMPORARY TABLE t (id INT)', 'ER_DBACCESS_DENIED_ERROR'],
    ["CREATE USER 'intruder'@'%' IDENTIFIED BY 'x'", 'ER_SPECIFIC_ACCESS_DENIED_ERROR'],
  ])(
    'when its user runs %j, beyond the grants the cluster gives a service, then it is denied',
    async (sql, code) => {
      const database = await create('denied');

      await expect(query(database.url, sql)).rejects.toMatchObject({ code });
    },
  );

  it('when a long prefix is used, then the name and user still fit MySQL limits', async () => {
    const database = await create('a_rather_long_prefix_for_a_test_database_name_indeed');

    expect(database.name.length).toBeLessThanOrEqual(64);
    expect(new URL(database.url).username.length).toBeLessThanOrEqual(32);
    await query(database.url, 'SELECT 1');
  });

  it('when dropped, then the database and its user are gone', async () => {
    const database = await createTestDatabase(sharedServers().mysqlAdminUrl, 'dropped');

    await database.drop();

    await expect(query(database.url, 'SELECT 1')).rejects.toMatchObject({
      code: 'ER_ACCESS_DENIED_ERROR',
    });
    await expect(database.drop()).resolves.toBeUndefined();
  });
});

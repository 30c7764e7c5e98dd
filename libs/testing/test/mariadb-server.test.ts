import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startMariaDb, type MariaDbServer } from '../src/index.js';
import { processesMentioning } from '../src/proc-fs.js';

async function query<T>(url: string, sql: string, values: unknown[] = []): Promise<T> {
  const connection = await createConnection({ uri: url });
  try {
    const [rows] = await connection.query(sql, values);
    return rows as T;
  } finally {
    await connection.end();
  }
}

async function connectionRefused(url: string): Promise<boolean> {
  return createConnection({ uri: url }).then(
    async (connection) => {
      await connection.end();
      return false;
    },
    () => true,
  );
}

describe('startMariaDb', () => {
  let server: MariaDbServer;

  beforeAll(async () => {
    server = await startMariaDb({ name: 'harness-test' });
  });

  afterAll(async () => {
    await server?.dispose();
  });

  it('when started, then root logs in over TCP on its own port, not the machine one, with utf8mb4 as default', async () => {
    expect(server.adminUrl).toBe(`mysql://root@127.0.0.1:${server.port}`);
    expect(server.port).not.toBe(3306);
    const [row] = await query<{ port: number; charset: string }[]>(
      server.adminUrl,
      'SELECT @@port AS port, @@character_set_server AS charset',
    );
    expect(row).toEqual({ port: server.port, charset: 'utf8mb4' });
  });

  it('when killed and started again, then a committed row is still there', async () => {
    await server.start();
    const database = await createTestDatabase(server.adminUrl, 'crash');
    await query(
      database.url,
      'CREATE TABLE t (id INT PRIMARY KEY, note VARCHAR(50)) ENGINE=InnoDB',
    );
    await query(database.url, 'INSERT INTO t VALUES (1, ?)', ['committed before the crash']);

    await server.kill();
    expect(await connectionRefused(server.adminUrl)).toBe(true);
    expect(processesMentioning(server.dir)).toEqual([]);
    await server.start();

    expect(await query(database.url, 'SELECT id, note FROM t')).toEqual([
      { id: 1, note: 'committed before the crash' },
    ]);
  });

  it('when stopped and started again, then it serves the same data on the same port', async () => {
    await server.start();
    const database = await createTestDatabase(server.adminUrl, 'restart');
    await query(database.url, 'CREATE TABLE t (id INT PRIMARY KEY)');
    await query(database.url, 'INSERT INTO t VALUES (7)');

    await server.stop();
    expect(await connectionRefused(server.adminUrl)).toBe(true);
    expect(readFileSync(server.logFile, 'utf8')).toMatch(/Shutdown complete/);
    await server.start();

    expect(await query(database.url, 'SELECT id FROM t')).toEqual([{ id: 7 }]);
  });

  it('when its port is taken while it is stopped, then start fails quoting the server log, and succeeds once the port is free', async () => {
    await server.stop();
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(server.port, '127.0.0.1', resolve));
    try {
      await expect(server.start()).rejects.toThrow(
        /exited .* before accepting connections[\s\S]*error\.log[\s\S]*Address already in use/,
      );
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }

    await server.start();
    expect(await connectionRefused(server.adminUrl)).toBe(false);
  });

  it('when disposed, then its process and its folder are gone', async () => {
    await server.start();
    await server.dispose();

    expect(processesMentioning(server.dir)).toEqual([]);
    expect(existsSync(server.dir)).toBe(false);
  });
});

import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createPool, type RowDataPacket } from 'mysql2/promise';

// The yardsticks for `npm run bench:api`: a bare express handler answering the same kind of
// JSON as an authenticated todo list (N todos, serialized per request), no auth, no
// middleware. Without MYSQL_URL it answers from memory (what the hardware can do at all); with
// it, it runs the todo service's own SELECT on the same database (what our layers add on top of
// the query). Run as its own process, like the service, so neither shares the load generator's CPU.
const count = Number(process.env.BENCH_TODOS ?? 20);
const at = new Date().toISOString();
const inMemory = Array.from({ length: count }, (_, i) => ({
  id: String(i + 1),
  title: `todo number ${i + 1}`,
  completed: i % 3 === 0,
  createdAt: at,
  updatedAt: at,
}));

const mysqlUrl = process.env.MYSQL_URL;
const userId = process.env.BENCH_USER_ID ?? '';
// BENCH_MYSQL2_OPTIONS (JSON, merged into the pool's options; `"method": "query"` for the text
// protocol) lets bench:api weigh what mysql2 itself offers against the same load.
const { method = 'execute', ...mysql2Options } = JSON.parse(
  process.env.BENCH_MYSQL2_OPTIONS ?? '{}',
) as { method?: 'execute' | 'query' } & Record<string, unknown>;
const pool = mysqlUrl
  ? createPool({
      uri: mysqlUrl,
      connectionLimit: 10,
      timezone: 'Z',
      supportBigNumbers: true,
      ...mysql2Options,
    })
  : undefined;
/** A DATETIME as a Date, or as 'YYYY-MM-DD HH:MM:SS.mmm' in UTC with dateStrings. */
const isoOf = (value: unknown) =>
  value instanceof Date ? value.toISOString() : `${String(value).replace(' ', 'T')}Z`;
type Row = Record<string, unknown> | unknown[];
const field = (row: Row, name: string, index: number) =>
  Array.isArray(row) ? row[index] : row[name];

const app = express();
app.get('/api/todo/todos', async (_req, res) => {
  if (!pool) {
    res.json({ todos: inMemory });
    return;
  }
  const sql =
    'SELECT id, title, completed, created_at, updated_at FROM todos WHERE user_id = ? ORDER BY id';
  const [rows] =
    method === 'query'
      ? await pool.query<RowDataPacket[]>(sql, [userId])
      : await pool.execute<RowDataPacket[]>(sql, [userId]);
  res.json({
    todos: (rows as Row[]).map((row) => ({
      id: String(field(row, 'id', 0)),
      title: String(field(row, 'title', 1)),
      completed: Boolean(field(row, 'completed', 2)),
      createdAt: isoOf(field(row, 'created_at', 3)),
      updatedAt: isoOf(field(row, 'updated_at', 4)),
    })),
  });
});
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
await once(server, 'listening');
console.log(`baseline listening on ${(server.address() as AddressInfo).port}`);
process.once('SIGTERM', () =>
  server.close(() => void (pool?.end() ?? Promise.resolve()).then(() => process.exit(0))),
);

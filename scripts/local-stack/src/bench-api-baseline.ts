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
const pool = mysqlUrl
  ? createPool({ uri: mysqlUrl, connectionLimit: 10, timezone: 'Z', supportBigNumbers: true })
  : undefined;

const app = express();
app.get('/api/todo/todos', async (_req, res) => {
  if (!pool) {
    res.json({ todos: inMemory });
    return;
  }
  const [rows] = await pool.execute<RowDataPacket[]>(
    'SELECT id, title, completed, created_at, updated_at FROM todos WHERE user_id = ? ORDER BY id',
    [userId],
  );
  res.json({
    todos: rows.map((row) => ({
      id: String(row.id),
      title: String(row.title),
      completed: Boolean(row.completed),
      createdAt: (row.created_at as Date).toISOString(),
      updatedAt: (row.updated_at as Date).toISOString(),
    })),
  });
});
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
await once(server, 'listening');
console.log(`baseline listening on ${(server.address() as AddressInfo).port}`);
process.once('SIGTERM', () =>
  server.close(() => void (pool?.end() ?? Promise.resolve()).then(() => process.exit(0))),
);

import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';

// The yardstick for `npm run bench:api`: a bare express handler answering the same kind of
// JSON as an authenticated todo list (N todos, serialized per request), no auth, no database,
// no middleware. Run as its own process, like the service, so neither shares the load generator's CPU.
const count = Number(process.env.BENCH_TODOS ?? 20);
const at = new Date().toISOString();
const todos = Array.from({ length: count }, (_, i) => ({
  id: String(i + 1),
  title: `todo number ${i + 1}`,
  completed: i % 3 === 0,
  createdAt: at,
  updatedAt: at,
}));

const app = express();
app.get('/api/todo/todos', (_req, res) => {
  res.json({ todos });
});
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
await once(server, 'listening');
console.log(`baseline listening on ${(server.address() as AddressInfo).port}`);
process.once('SIGTERM', () => server.close(() => process.exit(0)));

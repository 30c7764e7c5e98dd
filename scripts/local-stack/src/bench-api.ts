import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, findFreePorts, startMariaDb } from '@podlab/testing';
import autocannon, { type Result } from 'autocannon';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { spawnInstance, stopInstance, waitReady } from './service-processes.js';

// `npm run bench:api`: figures, not a pass/fail test. An authenticated todo list against a bare
// express handler answering the same JSON, each in its own process, one after the other.
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const warmupSeconds = 3;
const todoCount = 20;
const root = resolve(process.cwd());
const log = (line: string) => console.log(`[bench] ${line}`);

log('starting a private MariaDB');
const mariaDb = await startMariaDb({ name: 'bench-api' });
const jwks = await startJwksServer();
const children: { stop(): Promise<unknown> }[] = [];
try {
  const database = await createTestDatabase(mariaDb.adminUrl, 'bench_api');
  const [todoPort, baselinePort] = (await findFreePorts(2)) as [number, number];
  const todo = spawnInstance(root, 'todo', 'todo-bench', todoPort, {
    MYSQL_URL: database.url,
    JWKS_URL: jwks.url,
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
  });
  children.push({ stop: () => stopInstance(todo) });
  const baseline = spawnBaseline(baselinePort);
  children.push({ stop: () => stopChild(baseline) });
  await waitReady(todo);

  const token = await jwks.sign('bench-user');
  const todoUrl = `http://127.0.0.1:${todoPort}/api/todo/todos`;
  const baselineUrl = `http://127.0.0.1:${baselinePort}/api/todo/todos`;
  await seedTodos(todoUrl, token);
  await expectTodos(todoUrl, { authorization: `Bearer ${token}` });
  await expectTodos(baselineUrl, {});

  const headers = { authorization: `Bearer ${token}` };
  log(`bare express baseline: GET ${todoCount} todos, ${connections} connections, ${seconds} s`);
  const mariaDbPid = Number(readFileSync(join(mariaDb.dir, 'mariadb.pid'), 'utf8').trim());
  await load(baselineUrl, {}, warmupSeconds);
  const bareCpu = cpuMeter([baseline.pid]);
  const bare = await load(baselineUrl, {}, seconds);
  const bareCpuMs = bareCpu();
  log(`todo service: authenticated GET /api/todo/todos (${todoCount} todos), same load`);
  await load(todoUrl, headers, warmupSeconds);
  const todoCpu = cpuMeter([todo.child.pid]);
  const dbCpu = cpuMeter([mariaDbPid]);
  const service = await load(todoUrl, headers, seconds);
  const [todoCpuMs, dbCpuMs] = [todoCpu(), dbCpu()];

  const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });
  // CPU per request does not depend on what else the machine runs; req/s and latency do.
  const perRequest = (cpuMs: number, r: Result) =>
    fmt((cpuMs * 1000) / Math.max(1, r.requests.total));
  const row = (name: string, r: Result, cpu: string) =>
    `| ${name} | ${fmt(r.requests.average)} | ${fmt(r.latency.p50)} | ${fmt(r.latency.p99)} | ${cpu} | ${r.errors + r.timeouts + r.non2xx} |`;
  console.log('');
  console.log(
    `| ${connections} connections, ${seconds} s | req/s | p50 ms | p99 ms | CPU µs per request | errors + non-2xx |`,
  );
  console.log('|---|---|---|---|---|---|');
  console.log(row('bare express handler (same JSON)', bare, perRequest(bareCpuMs, bare)));
  console.log(
    row(
      'todo: JWT (EdDSA) + MariaDB query',
      service,
      `${perRequest(todoCpuMs, service)} node + ${perRequest(dbCpuMs, service)} MariaDB`,
    ),
  );
  console.log('');
  const ratio = service.requests.average / bare.requests.average;
  console.log(
    `ratio todo / bare: ${ratio.toFixed(2)} (goal ≥ 0.60); todo p99 ${fmt(service.latency.p99)} ms (goal < 25 ms)`,
  );
} finally {
  // autocannon stops mid-request: let the service finish what it holds before SIGTERM.
  await new Promise((r) => setTimeout(r, 1_000));
  await Promise.all(children.map((child) => child.stop()));
  await jwks.close();
  await mariaDb.dispose();
}

/** autocannon against one URL; any error or non-2xx answer makes the figures meaningless. */
async function load(url: string, headers: Record<string, string>, duration: number) {
  const result = await autocannon({ url, connections, duration, headers });
  if (result.errors + result.timeouts + result.non2xx > 0)
    log(`warning: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`);
  return result;
}

/** CPU time (user + system, ms) the given processes use from now until the returned function is called. */
function cpuMeter(pids: (number | undefined)[]): () => number {
  const ticks = () =>
    pids.reduce<number>((sum, pid) => {
      try {
        // /proc/<pid>/stat: fields 14 and 15 are utime and stime, in clock ticks (100 per second).
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
        return sum + Number(fields[11]) + Number(fields[12]);
      } catch {
        return Number.NaN; // not Linux, or the process is gone
      }
    }, 0);
  const start = ticks();
  return () => (ticks() - start) * 10;
}

async function seedTodos(url: string, token: string): Promise<void> {
  for (let i = 1; i <= todoCount; i++) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: `todo number ${i}` }),
    });
    if (response.status !== 201) throw new Error(`seeding answered ${response.status}`);
  }
}

/** Both sides must answer the same kind of body, or the comparison is off. */
async function expectTodos(url: string, headers: Record<string, string>): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const response = await fetch(url, { headers });
      const body = (await response.json()) as { todos?: unknown[] };
      if (response.status === 200 && body.todos?.length === todoCount) return;
      throw new Error(`${url} answered ${response.status} with ${body.todos?.length} todos`);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

function spawnBaseline(port: number): ChildProcess {
  const script = fileURLToPath(new URL('./bench-api-baseline.js', import.meta.url));
  return spawn(process.execPath, [script], {
    env: { ...process.env, PORT: String(port), BENCH_TODOS: String(todoCount) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** Stands in for auth: an Ed25519 key, its JWKS on a local port, tokens with auth's claims. */
async function startJwksServer() {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const kid = 'bench-key';
  const body = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'EdDSA' }] });
  const server = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(body),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/auth/.well-known/jwks.json`,
    sign: (sub: string) =>
      new SignJWT({ username: sub })
        .setProtectedHeader({ alg: 'EdDSA', kid })
        .setSubject(sub)
        .setIssuer('podlab-auth')
        .setAudience('podlab')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey),
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

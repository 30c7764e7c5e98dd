import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createTestDatabase,
  findFreePorts,
  startMariaDb,
  startOtlpReceiver,
  startTokenIssuer,
} from '@podlab/testing';
import autocannon from 'autocannon';
import { alternate, cell, loadLine, ratioOfMedians, type Variant } from './bench-rounds.js';
import { benchNodeArgs, startBenchService } from './bench-service.js';
import { cpuMeter, pidInFile } from './cpu-meter.js';

// `npm run bench:api`: figures, not a pass/fail test. An authenticated todo list against two
// bare express handlers answering the same JSON, one from memory and one running the same
// SELECT, each in its own process, and todo again with tracing on (every request traced and
// exported to a local OTLP/HTTP sink), in alternation (see bench-rounds.ts). BENCH_ROUNDS,
// BENCH_SECONDS and BENCH_CONNECTIONS scale the run; the defaults take about two minutes.
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const warmupSeconds = 3;
const todoCount = 20;
const userId = 'bench-user';
const log = (line: string) => console.log(`[bench] ${line}`);

log('starting a private MariaDB');
const mariaDb = await startMariaDb({ name: 'bench-api' });
const issuer = await startTokenIssuer();
// Stands in for a collector: takes every export (http/protobuf, the default) and drops it.
const sink = await startOtlpReceiver();
const children: { stop(): Promise<unknown> }[] = [];
try {
  const database = await createTestDatabase(mariaDb.adminUrl, 'bench_api');
  const [barePort, queryPort] = (await findFreePorts(2)) as [number, number];
  // At LOG_LEVEL=warn the request log is off, as in the baselines: a line per request is the
  // log's cost, not ours.
  const todo = await startBenchService('todo', 'todo-bench', {
    MYSQL_URL: database.url,
    JWKS_URL: issuer.jwksUrl,
  });
  children.push(todo);
  const todoPort = todo.port;
  const tracedTodo = await startBenchService('todo', 'todo-traced', {
    MYSQL_URL: database.url,
    JWKS_URL: issuer.jwksUrl,
    OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint,
  });
  children.push(tracedTodo);
  const bareServer = spawnBaseline(barePort, {});
  children.push({ stop: () => stopChild(bareServer) });
  const queryServer = spawnBaseline(queryPort, { MYSQL_URL: database.url, BENCH_USER_ID: userId });
  children.push({ stop: () => stopChild(queryServer) });

  const token = await issuer.sign({ sub: userId, username: userId, expiresAt: '1h' });
  const urlOf = (port: number) => `http://127.0.0.1:${port}/api/todo/todos`;
  const headers = { authorization: `Bearer ${token}` };
  await seedTodos(urlOf(todoPort), token);
  await expectTodos(urlOf(todoPort), headers);
  await expectTodos(urlOf(tracedTodo.port), headers);
  await expectTodos(urlOf(barePort), {});
  await expectTodos(urlOf(queryPort), {});

  const mariaDbPid = pidInFile(join(mariaDb.dir, 'mariadb.pid'));
  // The first run of each variant warms its JIT and pool; later runs need only a short ramp.
  const warmed = new Set<string>();
  const variant = (
    id: string,
    label: string,
    port: number,
    pid: number | undefined,
    auth: Record<string, string>,
  ): Variant => ({
    id,
    label: `${label}: GET ${todoCount} todos, ${connections} connections, ${seconds} s`,
    run: async () => {
      await load(urlOf(port), auth, warmed.has(id) ? 1 : warmupSeconds);
      warmed.add(id);
      const nodeCpu = cpuMeter([pid]);
      const dbCpu = cpuMeter([mariaDbPid]);
      const r = await load(urlOf(port), auth, seconds);
      const perRequest = (cpuMs: number) => (cpuMs * 1000) / Math.max(1, r.requests.total);
      return {
        reqPerSec: r.requests.average,
        p50Ms: r.latency.p50,
        p99Ms: r.latency.p99,
        nodeCpuUsPerRequest: perRequest(nodeCpu()),
        dbCpuUsPerRequest: perRequest(dbCpu()),
        failures: r.errors + r.timeouts + r.non2xx,
      };
    },
  });
  // BENCH_MYSQL2_VARIANTS='{"name": {mysql2 pool options}, ...}': more bare + SELECT handlers,
  // each with those options, in the same alternation (see bench-api-baseline.ts).
  const mysql2Variants = await Promise.all(
    Object.entries(
      JSON.parse(process.env.BENCH_MYSQL2_VARIANTS ?? '{}') as Record<string, unknown>,
    ).map(async ([name, options]) => {
      const [port] = (await findFreePorts(1)) as [number];
      const server = spawnBaseline(port, {
        MYSQL_URL: database.url,
        BENCH_USER_ID: userId,
        BENCH_MYSQL2_OPTIONS: JSON.stringify(options),
      });
      children.push({ stop: () => stopChild(server) });
      await expectTodos(urlOf(port), {});
      return variant(
        `bare-select-${name}`,
        `bare express handler + the same SELECT, mysql2 ${JSON.stringify(options)}`,
        port,
        server.pid,
        {},
      );
    }),
  );
  const variants = [
    ...mysql2Variants,
    variant('bare', 'bare express handler, todos from memory', barePort, bareServer.pid, {}),
    variant(
      'bare-select',
      'bare express handler + the same SELECT',
      queryPort,
      queryServer.pid,
      {},
    ),
    variant('todo', 'todo: kit + JWT (EdDSA) + SELECT', todoPort, todo.child.pid, headers),
    variant(
      'todo-traced',
      'todo, tracing on: every request traced, exported to a local OTLP sink',
      tracedTodo.port,
      tracedTodo.child.pid,
      headers,
    ),
  ];
  const records = await alternate('api', rounds, variants);

  // CPU per request does not depend on what else the machine runs; req/s and latency do.
  console.log('');
  console.log(
    `| ${connections} connections, ${seconds} s, ${rounds} runs each, min / median | req/s | p50 ms | p99 ms | node CPU µs/request | MariaDB CPU µs/request | errors + non-2xx |`,
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const { id, label } of variants) {
    const of = records.get(id);
    console.log(
      `| ${label.split(': GET')[0]} | ${cell(of, 'reqPerSec')} | ${cell(of, 'p50Ms')} | ${cell(of, 'p99Ms')} | ${cell(of, 'nodeCpuUsPerRequest')} | ${cell(of, 'dbCpuUsPerRequest')} | ${cell(of, 'failures')} |`,
    );
  }
  console.log('');
  const ratio = (a: string, b: string, figure: string) =>
    ratioOfMedians(records.get(a), records.get(b), figure).toFixed(2);
  console.log(
    `ratio of medians, req/s: todo / bare from memory ${ratio('todo', 'bare', 'reqPerSec')} (no query: what the hardware does at all); todo / bare + same SELECT ${ratio('todo', 'bare-select', 'reqPerSec')} (goal ≥ 0.85)`,
  );
  // The database's share is the same for any service that runs this query; this ratio is
  // what the kit, the token check and the use case cost on top of it.
  console.log(
    `ratio of medians, p99: todo / bare + same SELECT ${ratio('todo', 'bare-select', 'p99Ms')} (goal ≤ 1.2); node CPU per request, todo / bare + SELECT ${ratio('todo', 'bare-select', 'nodeCpuUsPerRequest')}`,
  );
  // Tracing's price: the spans of every request (http, express, mysql2) made and exported.
  console.log(
    `tracing on / off, ratio of medians: req/s ${ratio('todo-traced', 'todo', 'reqPerSec')}, p99 ${ratio('todo-traced', 'todo', 'p99Ms')}, node CPU per request ${ratio('todo-traced', 'todo', 'nodeCpuUsPerRequest')} (the sink took ${sink.requests} exports)`,
  );
  console.log(loadLine(records));
} finally {
  // autocannon stops mid-request: let the service finish what it holds before SIGTERM.
  await new Promise((r) => setTimeout(r, 1_000));
  await Promise.all(children.map((child) => child.stop()));
  // After the services: the traced one exports its last spans as it stops.
  await sink.close();
  await issuer.close();
  await mariaDb.dispose();
}

/** autocannon against one URL; any error or non-2xx answer makes the figures meaningless. */
async function load(url: string, headers: Record<string, string>, duration: number) {
  const result = await autocannon({ url, connections, duration, headers });
  if (result.errors + result.timeouts + result.non2xx > 0)
    log(`warning: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`);
  return result;
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

function spawnBaseline(port: number, env: Record<string, string>): ChildProcess {
  const script = fileURLToPath(new URL('./bench-api-baseline.js', import.meta.url));
  return spawn(process.execPath, [...benchNodeArgs(), script], {
    env: { ...process.env, ...env, PORT: String(port), BENCH_TODOS: String(todoCount) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

import { resolve } from 'node:path';
import { createTestDatabase, startMariaDb, startRabbitMq, uniqueName } from '@podlab/testing';
import { createConnection, type RowDataPacket } from 'mysql2/promise';
import { percentile } from './percentiles.js';
import { rawAmqpBaseline } from './raw-amqp-baseline.js';
import { spawnInstance, stopInstance, waitReady } from './service-processes.js';
import { findFreePorts } from '@podlab/testing';

// `npm run bench:pipeline`: figures, not a pass/fail test. BENCH_MESSAGES scales the run.
const count = Number(process.env.BENCH_MESSAGES ?? 50_000);
const payloadBytes = 64;
const pacedRate = 5_000;
const pacedSeconds = Number(process.env.BENCH_PACED_SECONDS ?? 10);
const root = resolve(process.cwd());
const log = (line: string) => console.log(`[bench] ${line}`);

log('starting a private RabbitMQ and MariaDB');
const [broker, mariaDb] = await Promise.all([
  startRabbitMq({ name: 'bench' }),
  startMariaDb({ name: 'bench' }),
]);
try {
  log(
    `baseline: raw amqplib, ${count} persistent messages, confirms in windows of 1000, concurrent consume with manual acks`,
  );
  const baseline = await rawAmqpBaseline(broker.url, uniqueName('bench_raw'), count, payloadBytes);
  const baselineRate = count / baseline.seconds;

  const database = await createTestDatabase(mariaDb.adminUrl, 'bench');
  const queue = uniqueName('bench_pipeline');
  const common = {
    AMQP_URL: broker.url,
    PIPELINE_QUEUE: queue,
    PIPELINE_EXCHANGE: `${queue}.x`,
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
  };
  const [producerPort, consumerPort] = (await findFreePorts(2)) as [number, number];
  const producer = spawnInstance(root, 'producer', 'producer-bench', producerPort, common);
  const consumer = spawnInstance(root, 'consumer', 'consumer-bench', consumerPort, {
    ...common,
    MYSQL_URL: database.url,
  });
  await Promise.all([waitReady(producer), waitReady(consumer)]);
  const db = await createConnection({ uri: database.url });
  const rows = async () =>
    Number(
      (
        (
          await db.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM processed_messages')
        )[0][0] as RowDataPacket
      ).n,
    );
  const latencies = async () =>
    (
      await db.query<RowDataPacket[]>(
        'SELECT TIMESTAMPDIFF(MICROSECOND, created_at, processed_at) / 1000 AS ms FROM processed_messages',
      )
    )[0].map((r) => Number(r.ms));
  const send = (n: number) =>
    fetch(`http://127.0.0.1:${producerPort}/api/producer/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: n, payloadBytes }),
    }).then((r) => {
      if (r.status !== 202) throw new Error(`producer answered ${r.status}`);
    });

  log(`end to end at full speed: ${count} messages through producer → RabbitMQ → consumer → MySQL`);
  const started = performance.now();
  const requests = Math.ceil(count / 10_000);
  await Promise.all(
    Array.from({ length: requests }, (_, i) => send(Math.min(10_000, count - i * 10_000))),
  );
  while ((await rows()) < count) await new Promise((r) => setTimeout(r, 20));
  const fullSeconds = (performance.now() - started) / 1000;
  const fullRate = count / fullSeconds;
  const fullLatency = await latencies();

  await db.query('DELETE FROM processed_messages');
  const pacedTotal = pacedRate * pacedSeconds;
  log(
    `end to end paced: ${pacedRate} msg/s for ${pacedSeconds} s (${pacedTotal} messages, 50 per request every 10 ms)`,
  );
  const pacedStart = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let tick = 0; tick < pacedTotal / 50; tick++) {
    const due = pacedStart + tick * 10;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(send(50));
  }
  await Promise.all(inFlight);
  while ((await rows()) < pacedTotal) await new Promise((r) => setTimeout(r, 20));
  const pacedRateMeasured = pacedTotal / ((performance.now() - pacedStart) / 1000);
  const pacedLatency = await latencies();
  await db.end();
  await Promise.all([stopInstance(producer), stopInstance(consumer)]);

  const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });
  console.log('');
  console.log('| run | msg/s | publish→commit p50 ms | p99 ms |');
  console.log('|---|---|---|---|');
  console.log(`| raw amqplib baseline (no database) | ${fmt(baselineRate)} | – | – |`);
  console.log(
    `| pipeline, full speed (${count}) | ${fmt(fullRate)} | ${fmt(percentile(fullLatency, 50))} | ${fmt(percentile(fullLatency, 99))} |`,
  );
  console.log(
    `| pipeline, paced ${pacedRate}/s (${pacedTotal}) | ${fmt(pacedRateMeasured)} | ${fmt(percentile(pacedLatency, 50))} | ${fmt(percentile(pacedLatency, 99))} |`,
  );
  console.log('');
  console.log(
    `ratio pipeline / baseline: ${(fullRate / baselineRate).toFixed(2)} (goal ≥ 0.80); full-speed goal ≥ 10,000 msg/s; paced p99 goal ≤ 60 ms`,
  );
  console.log(
    '(full-speed latencies include the time a message waited in the queue behind the batch it came with)',
  );
} finally {
  await Promise.all([broker.dispose(), mariaDb.dispose()]);
}

import { createTestDatabase, startMariaDb, startRabbitMq, uniqueName } from '@podlab/testing';
import { createConnection, type RowDataPacket } from 'mysql2/promise';
import { alternate, cell, loadLine, ratioOfMedians, type Variant } from './bench-rounds.js';
import { percentile } from './percentiles.js';
import { rawAmqpBaseline } from './raw-amqp-baseline.js';
import { startBenchService } from './bench-service.js';
import { cpuMeter } from './cpu-meter.js';

// `npm run bench:pipeline`: figures, not a pass/fail test. The raw baseline, the pipeline at
// full speed and the paced pipeline run in alternation (see bench-rounds.ts); BENCH_ROUNDS,
// BENCH_MESSAGES and BENCH_PACED_SECONDS scale the run.
const count = Number(process.env.BENCH_MESSAGES ?? 30_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const payloadBytes = 64;
const pacedRate = 5_000;
const pacedSeconds = Number(process.env.BENCH_PACED_SECONDS ?? 6);
const log = (line: string) => console.log(`[bench] ${line}`);

log('starting a private RabbitMQ and MariaDB');
const [broker, mariaDb] = await Promise.all([
  startRabbitMq({ name: 'bench' }),
  startMariaDb({ name: 'bench' }),
]);
try {
  const database = await createTestDatabase(mariaDb.adminUrl, 'bench');
  const queue = uniqueName('bench_pipeline');
  const common = {
    AMQP_URL: broker.url,
    AMQP_QUEUE: queue,
    AMQP_EXCHANGE: `${queue}.x`,
  };
  const [producer, consumer] = await Promise.all([
    startBenchService('producer', 'producer-bench', common),
    startBenchService('consumer', 'consumer-bench', {
      ...common,
      MYSQL_URL: database.url,
      // BENCH_CONSUMER_ENV='{"CONSUMER_BATCH_SIZE": "1000", ...}': the consumer's settings to weigh.
      ...(JSON.parse(process.env.BENCH_CONSUMER_ENV ?? '{}') as Record<string, string>),
    }),
  ]);
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
    fetch(`${producer.url}/api/producer/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: n, payloadBytes }),
    }).then((r) => {
      if (r.status !== 202) throw new Error(`producer answered ${r.status}`);
    });

  /** Node CPU per message: what the producer and consumer spend, whatever else the machine runs. */
  const perMessage = (cpuMs: number, messages: number) => (cpuMs * 1000) / messages;
  /** The consumer's batch commits so far (amqp_batch_commit_seconds): how many, and their seconds. */
  const commits = async () => {
    const text = await (await fetch(`${consumer.url}/metrics`)).text();
    const read = (suffix: string) =>
      Number(
        new RegExp(`^amqp_batch_commit_seconds_${suffix}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(
          text,
        )?.[1] ?? 0,
      );
    return { count: read('count'), seconds: read('sum') };
  };
  /**
   * Starts measuring a run; the returned function gives its CPU figures and what the consumer's
   * commits took. The consumer commits one batch at a time: when `commitPercent` (the part of the
   * run spent committing) nears 100 %, the database's commit time bounds the pipeline's msg/s.
   */
  const startMeters = async () => {
    const [producerCpu, consumerCpu] = [
      cpuMeter([producer.child.pid]),
      cpuMeter([consumer.child.pid]),
    ];
    const before = await commits();
    return async (messages: number, seconds: number) => {
      const producerCpuUsPerMessage = perMessage(producerCpu(), messages);
      const consumerCpuUsPerMessage = perMessage(consumerCpu(), messages);
      const after = await commits();
      const batches = after.count - before.count;
      const commitSeconds = after.seconds - before.seconds;
      return {
        nodeCpuUsPerMessage: producerCpuUsPerMessage + consumerCpuUsPerMessage,
        producerCpuUsPerMessage,
        consumerCpuUsPerMessage,
        batches,
        commitMsMean: (commitSeconds * 1000) / Math.max(1, batches),
        commitPercent: (commitSeconds / seconds) * 100,
      };
    };
  };
  const fullSpeed = async () => {
    await db.query('DELETE FROM processed_messages');
    const meters = await startMeters();
    const started = performance.now();
    const requests = Math.ceil(count / 10_000);
    await Promise.all(
      Array.from({ length: requests }, (_, i) => send(Math.min(10_000, count - i * 10_000))),
    );
    while ((await rows()) < count) await new Promise((r) => setTimeout(r, 20));
    const seconds = (performance.now() - started) / 1000;
    const measured = await meters(count, seconds);
    const latency = await latencies();
    return {
      messages: count,
      msgPerSec: count / seconds,
      ...measured,
      p50Ms: percentile(latency, 50),
      p99Ms: percentile(latency, 99),
    };
  };
  const pacedTotal = pacedRate * pacedSeconds;
  const paced = async () => {
    await db.query('DELETE FROM processed_messages');
    const meters = await startMeters();
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
    const seconds = (performance.now() - pacedStart) / 1000;
    const measured = await meters(pacedTotal, seconds);
    const latency = await latencies();
    return {
      messages: pacedTotal,
      msgPerSec: pacedTotal / seconds,
      ...measured,
      p50Ms: percentile(latency, 50),
      p99Ms: percentile(latency, 99),
    };
  };
  const variants: Variant[] = [
    {
      id: 'raw-amqplib',
      label: `raw amqplib baseline (no database), ${count} persistent messages, confirms in windows of 1000, concurrent consume with manual acks`,
      run: async () => {
        // Its publisher and consumer run in this process, which does nothing else meanwhile.
        const cpu = cpuMeter([process.pid]);
        const { seconds } = await rawAmqpBaseline(
          broker.url,
          uniqueName('bench_raw'),
          count,
          payloadBytes,
        );
        return {
          messages: count,
          msgPerSec: count / seconds,
          nodeCpuUsPerMessage: perMessage(cpu(), count),
        };
      },
    },
    {
      id: 'pipeline',
      label: `pipeline, full speed, ${count} messages through producer → RabbitMQ → consumer → MySQL`,
      run: fullSpeed,
    },
    {
      id: 'pipeline-paced',
      label: `pipeline, paced ${pacedRate} msg/s for ${pacedSeconds} s (${pacedTotal} messages, 50 per request every 10 ms)`,
      run: paced,
    },
  ];
  const records = await alternate('pipeline', rounds, variants);
  await db.end();
  await Promise.all([producer.stop(), consumer.stop()]);

  const of = (id: string) => records.get(id);
  console.log('');
  console.log(
    `| run (${rounds} each, min / median) | msg/s | publish→commit p50 ms | p99 ms | node CPU µs/message |`,
  );
  console.log('|---|---|---|---|---|');
  console.log(
    `| raw amqplib baseline (no database, ${count}) | ${cell(of('raw-amqplib'), 'msgPerSec')} | – | – | ${cell(of('raw-amqplib'), 'nodeCpuUsPerMessage')} |`,
  );
  console.log(
    `| pipeline, full speed (${count}) | ${cell(of('pipeline'), 'msgPerSec')} | ${cell(of('pipeline'), 'p50Ms')} | ${cell(of('pipeline'), 'p99Ms')} | ${cell(of('pipeline'), 'nodeCpuUsPerMessage')} |`,
  );
  console.log(
    `| pipeline, paced ${pacedRate}/s (${pacedTotal}) | ${cell(of('pipeline-paced'), 'msgPerSec')} | ${cell(of('pipeline-paced'), 'p50Ms')} | ${cell(of('pipeline-paced'), 'p99Ms')} | ${cell(of('pipeline-paced'), 'nodeCpuUsPerMessage')} |`,
  );
  console.log('');
  console.log(
    `ratio of medians pipeline / baseline: ${ratioOfMedians(of('pipeline'), of('raw-amqplib'), 'msgPerSec').toFixed(2)} (goal ≥ 0.80); full-speed goal ≥ 10,000 msg/s; paced p99 goal ≤ 40 ms`,
  );
  // Throughput and latency move with the machine's load; CPU per message hardly does.
  console.log(
    `node CPU per message, ratio of medians pipeline / baseline: ${ratioOfMedians(of('pipeline'), of('raw-amqplib'), 'nodeCpuUsPerMessage').toFixed(2)} (the pipeline's two processes also answer HTTP, validate and write MySQL); at full speed the producer ${cell(of('pipeline'), 'producerCpuUsPerMessage')} µs and the consumer ${cell(of('pipeline'), 'consumerCpuUsPerMessage')} µs (min / median)`,
  );
  for (const id of ['pipeline', 'pipeline-paced'])
    console.log(
      `${id}: the consumer committed ${cell(of(id), 'batches')} batches, ${cell(of(id), 'commitMsMean')} ms each, committing for ${cell(of(id), 'commitPercent')} % of the run (min / median)`,
    );
  console.log(
    '(full-speed latencies include the time a message waited in the queue behind the batch it came with)',
  );
  console.log(loadLine(records));
} finally {
  await Promise.all([broker.dispose(), mariaDb.dispose()]);
}

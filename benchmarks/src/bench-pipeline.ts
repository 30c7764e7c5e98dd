import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { startMariaDb, startOtlpReceiver, startRabbitMq, uniqueName } from '@podlab/testing';
import {
  alternate,
  cell,
  loadLine,
  minMedian,
  ratioOfMedians,
  samplesOf,
  type Variant,
} from './bench-rounds.js';
import { percentile } from './percentiles.js';
import { rawAmqpBaseline } from './raw-amqp-baseline.js';
import { rawAmqpInsertBaseline } from './raw-amqp-insert-baseline.js';
import { perMessage, startBenchPipeline, type BenchPipeline } from './bench-pipeline-stack.js';
import { cpuMeter, pidInFile } from './cpu-meter.js';

// `npm run bench:pipeline`: figures, not a pass/fail test. The raw baseline, the pipeline at
// full speed and the paced pipeline, each with tracing off and on, run in alternation (see bench-rounds.ts); BENCH_ROUNDS,
// BENCH_MESSAGES and BENCH_PACED_SECONDS scale the run.
const count = Number(process.env.BENCH_MESSAGES ?? 30_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const payloadBytes = 64;
const pacedRate = 5_000;
const pacedSeconds = Number(process.env.BENCH_PACED_SECONDS ?? 6);
const log = (line: string) => console.log(`[bench] ${line}`);

log('starting a private RabbitMQ and MariaDB');
const [broker, mariaDb, sink] = await Promise.all([
  startRabbitMq({ name: 'bench' }),
  startMariaDb({ name: 'bench' }),
  startOtlpReceiver(),
]);
/**
 * Empties the consumer's table before a run. TRUNCATE, not DELETE: InnoDB purges deleted rows in
 * the background, and purging the last run's 30,000 would land in this run's MariaDB CPU.
 */
const emptyTable = (db: BenchPipeline['db']) => db.query('TRUNCATE TABLE processed_messages');
try {
  const serverPids = {
    broker: pidInFile(join(broker.dir, 'rabbitmq.pid')),
    mariaDb: pidInFile(join(mariaDb.dir, 'mariadb.pid')),
  };
  // The same pipeline twice, each on its own queue and database: tracing off, and on with every
  // span exported to a local OTLP/HTTP sink standing in for a collector.
  const plain = await startBenchPipeline(
    broker.url,
    mariaDb.adminUrl,
    'bench',
    {},
    payloadBytes,
    serverPids,
  );
  const traced = await startBenchPipeline(
    broker.url,
    mariaDb.adminUrl,
    'bench_traced',
    { OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint },
    payloadBytes,
    serverPids,
  );
  const fullSpeed = (pipeline: BenchPipeline) => async () => {
    const { db, processed, waitProcessed, expectRows, latencies, send, startMeters } = pipeline;
    await emptyTable(db);
    const before = await processed();
    const meters = await startMeters();
    const started = performance.now();
    const requests = Math.ceil(count / 10_000);
    await Promise.all(
      Array.from({ length: requests }, (_, i) => send(Math.min(10_000, count - i * 10_000))),
    );
    await waitProcessed(before, count);
    const seconds = (performance.now() - started) / 1000;
    const measured = await meters(count, seconds);
    await expectRows(count);
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
  const paced = (pipeline: BenchPipeline) => async () => {
    const { db, processed, waitProcessed, expectRows, latencies, send, startMeters } = pipeline;
    await emptyTable(db);
    const before = await processed();
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
    await waitProcessed(before, pacedTotal);
    const seconds = (performance.now() - pacedStart) / 1000;
    const measured = await meters(pacedTotal, seconds);
    await expectRows(pacedTotal);
    const latency = await latencies();
    return {
      messages: pacedTotal,
      msgPerSec: pacedTotal / seconds,
      ...measured,
      p50Ms: percentile(latency, 50),
      p99Ms: percentile(latency, 99),
    };
  };
  /**
   * A raw baseline's figures: its publisher and consumer run in this process, which does nothing
   * else meanwhile, so this process's CPU is theirs; the broker's and MariaDB's are metered too
   * (MariaDB's is ~0 for the baseline without a database).
   */
  const rawRun = async (baseline: () => Promise<{ seconds: number }>) => {
    const [cpu, brokerCpu, mariaDbCpu] = [process.pid, serverPids.broker, serverPids.mariaDb].map(
      (pid) => cpuMeter([pid]),
    ) as [() => number, () => number, () => number];
    const { seconds } = await baseline();
    const nodeCpuUsPerMessage = perMessage(cpu(), count);
    const brokerCpuUsPerMessage = perMessage(brokerCpu(), count);
    const mariaDbCpuUsPerMessage = perMessage(mariaDbCpu(), count);
    return {
      messages: count,
      msgPerSec: count / seconds,
      nodeCpuUsPerMessage,
      brokerCpuUsPerMessage,
      mariaDbCpuUsPerMessage,
      allCpuUsPerMessage: nodeCpuUsPerMessage + brokerCpuUsPerMessage + mariaDbCpuUsPerMessage,
    };
  };
  const variants: Variant[] = [
    {
      id: 'raw-amqplib',
      label: `raw amqplib baseline (no database), ${count} persistent messages, confirms in windows of 1000, concurrent consume with manual acks`,
      run: () =>
        rawRun(() => rawAmqpBaseline(broker.url, uniqueName('bench_raw'), count, payloadBytes)),
    },
    {
      id: 'raw-amqplib-insert',
      label: `raw amqplib + the same INSERT, ${count} messages, batches committed as the consumer does, acked after`,
      run: async () => {
        await emptyTable(plain.db);
        const figures = await rawRun(() =>
          rawAmqpInsertBaseline(
            broker.url,
            plain.databaseUrl,
            uniqueName('bench_raw_insert'),
            count,
            payloadBytes,
          ),
        );
        await plain.expectRows(count);
        return figures;
      },
    },
    {
      id: 'pipeline',
      label: `pipeline, full speed, ${count} messages through producer → RabbitMQ → consumer → MySQL`,
      run: fullSpeed(plain),
    },
    {
      id: 'pipeline-traced',
      label: `pipeline, full speed, tracing on (every span exported to a local OTLP sink), ${count} messages`,
      run: fullSpeed(traced),
    },
    {
      id: 'pipeline-paced',
      label: `pipeline, paced ${pacedRate} msg/s for ${pacedSeconds} s (${pacedTotal} messages, 50 per request every 10 ms)`,
      run: paced(plain),
    },
    {
      id: 'pipeline-paced-traced',
      label: `pipeline, paced ${pacedRate} msg/s for ${pacedSeconds} s, tracing on`,
      run: paced(traced),
    },
  ];
  const records = await alternate('pipeline', rounds, variants);
  await Promise.all([plain.stop(), traced.stop()]);

  const of = (id: string) => records.get(id);
  console.log('');
  console.log(
    `| run (${rounds} each, min / median) | msg/s | publish→commit p50 ms | p99 ms | node CPU µs/message | broker CPU µs/message | MariaDB CPU µs/message |`,
  );
  console.log('|---|---|---|---|---|---|---|');
  console.log(
    `| raw amqplib baseline (no database, ${count}) | ${cell(of('raw-amqplib'), 'msgPerSec')} | – | – | ${cell(of('raw-amqplib'), 'nodeCpuUsPerMessage')} | ${cell(of('raw-amqplib'), 'brokerCpuUsPerMessage')} | – |`,
  );
  const row = (id: string, title: string) =>
    console.log(
      `| ${title} | ${cell(of(id), 'msgPerSec')} | ${cell(of(id), 'p50Ms')} | ${cell(of(id), 'p99Ms')} | ${cell(of(id), 'nodeCpuUsPerMessage')} | ${cell(of(id), 'brokerCpuUsPerMessage')} | ${cell(of(id), 'mariaDbCpuUsPerMessage')} |`,
    );
  console.log(
    `| raw amqplib + the same INSERT (${count}) | ${cell(of('raw-amqplib-insert'), 'msgPerSec')} | – | – | ${cell(of('raw-amqplib-insert'), 'nodeCpuUsPerMessage')} | ${cell(of('raw-amqplib-insert'), 'brokerCpuUsPerMessage')} | ${cell(of('raw-amqplib-insert'), 'mariaDbCpuUsPerMessage')} |`,
  );
  row('pipeline', `pipeline, full speed (${count})`);
  row('pipeline-traced', `pipeline, full speed, tracing on (${count})`);
  row('pipeline-paced', `pipeline, paced ${pacedRate}/s (${pacedTotal})`);
  row('pipeline-paced-traced', `pipeline, paced ${pacedRate}/s, tracing on (${pacedTotal})`);
  console.log('');
  console.log(
    `ratio of medians pipeline / baseline: ${ratioOfMedians(of('pipeline'), of('raw-amqplib'), 'msgPerSec').toFixed(2)} (goal ≥ 0.80); full-speed goal ≥ 10,000 msg/s; paced p99 goal ≤ 40 ms`,
  );
  // The database's share is the same for anything that stores these rows: this ratio is what
  // HTTP, the contract check, the kit and two processes cost on top of the broker and MariaDB.
  console.log(
    `ratio of medians pipeline / raw amqplib + the same INSERT: msg/s ${ratioOfMedians(of('pipeline'), of('raw-amqplib-insert'), 'msgPerSec').toFixed(2)}, CPU per message over every process ${ratioOfMedians(of('pipeline'), of('raw-amqplib-insert'), 'allCpuUsPerMessage').toFixed(2)}`,
  );
  // Throughput and latency move with the machine's load; CPU per message hardly does.
  console.log(
    `node CPU per message, ratio of medians pipeline / baseline: ${ratioOfMedians(of('pipeline'), of('raw-amqplib'), 'nodeCpuUsPerMessage').toFixed(2)} (the pipeline's two processes also answer HTTP, validate and write MySQL); at full speed the producer ${cell(of('pipeline'), 'producerCpuUsPerMessage')} µs and the consumer ${cell(of('pipeline'), 'consumerCpuUsPerMessage')} µs (min / median)`,
  );
  // Broker, database and services share the machine's cores: CPU per message over every process
  // bounds msg/s whatever the code's concurrency.
  const allCpu = (id: string) => cell(of(id), 'allCpuUsPerMessage');
  console.log(
    `CPU per message over every process (node, broker, MariaDB), min / median: raw ${allCpu('raw-amqplib')} µs, pipeline ${allCpu('pipeline')} µs, ratio of medians ${ratioOfMedians(of('pipeline'), of('raw-amqplib'), 'allCpuUsPerMessage').toFixed(2)}; with ${availableParallelism()} cores busy that alone allows at most ${Math.round((availableParallelism() * 1e6) / minMedian(samplesOf(of('pipeline'), 'allCpuUsPerMessage')).median).toLocaleString('en-US')} msg/s`,
  );
  for (const id of ['pipeline', 'pipeline-paced'])
    console.log(
      `${id}: the consumer committed ${cell(of(id), 'batches')} batches, ${cell(of(id), 'commitMsMean')} ms each, committing for ${cell(of(id), 'commitPercent')} % of the run (min / median)`,
    );
  console.log(
    '(full-speed latencies include the time a message waited in the queue behind the batch it came with)',
  );
  // Tracing's price: per message a publish span, a consumer span and its share of a batch span
  // and an INSERT span, made and exported (the producer's request spans are shared by 10,000).
  const onOff = (on: string, off: string, figure: string) =>
    ratioOfMedians(of(on), of(off), figure).toFixed(2);
  console.log(
    `tracing on / off, ratio of medians: full speed msg/s ${onOff('pipeline-traced', 'pipeline', 'msgPerSec')}, node CPU per message ${onOff('pipeline-traced', 'pipeline', 'nodeCpuUsPerMessage')}; paced p99 ${onOff('pipeline-paced-traced', 'pipeline-paced', 'p99Ms')} (the sink took ${sink.requests} exports)`,
  );
  console.log(loadLine(records));
} finally {
  await Promise.all([broker.dispose(), mariaDb.dispose(), sink.close()]);
}

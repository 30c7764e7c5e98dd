import { createTestDatabase, uniqueName } from '@podlab/testing';
import { createConnection, type RowDataPacket } from 'mysql2/promise';
import { startBenchService } from './bench-service.js';
import { cpuMeter } from './cpu-meter.js';

/** Node CPU per message: what a process spends, whatever else the machine runs. */
export const perMessage = (cpuMs: number, messages: number) => (cpuMs * 1000) / messages;

export type BenchPipeline = Awaited<ReturnType<typeof startBenchPipeline>>;

/**
 * A producer and a consumer of their own (queue, exchange and database named `name`) for
 * bench:pipeline, ready, with what a run reads: rows and latencies from MySQL, a sender and
 * meters of the two processes' CPU and the consumer's commits. `env` goes to both services (the
 * OTEL_* variables of the traced pipeline).
 */
export async function startBenchPipeline(
  brokerUrl: string,
  mysqlAdminUrl: string,
  name: string,
  env: Record<string, string>,
  payloadBytes: number,
  /** The broker's and MariaDB's processes, whose CPU per message is measured too. */
  serverPids: { broker: number; mariaDb: number },
) {
  const database = await createTestDatabase(mysqlAdminUrl, name);
  const queue = uniqueName(name);
  const common = {
    AMQP_URL: brokerUrl,
    AMQP_QUEUE: queue,
    AMQP_EXCHANGE: `${queue}.x`,
  };
  const [producer, consumer] = await Promise.all([
    startBenchService('producer', `producer-${name}`, { ...common, ...env }),
    startBenchService('consumer', `consumer-${name}`, {
      ...common,
      ...env,
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

  /** The consumer's /metrics, read once: a figure by name (summed over its labels; 0 before the first). */
  const consumerMetrics = async () => {
    const text = await (await fetch(`${consumer.url}/metrics`)).text();
    return (name: string) =>
      Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  };
  /** The consumer's batch commits so far (amqp_batch_commit_seconds): how many, and their seconds. */
  const commits = async () => {
    const read = await consumerMetrics();
    return {
      count: read('amqp_batch_commit_seconds_count'),
      seconds: read('amqp_batch_commit_seconds_sum'),
    };
  };
  /**
   * Waits until the consumer has processed `count` more messages than `before` (each counted once
   * its batch committed and was acked). Polling the consumer's counter rather than
   * `SELECT COUNT(*)` every 20 ms: a count scans an index of up to `count` rows in the very server
   * whose time is measured. `expectRows` checks the table afterwards, outside the measured time.
   */
  const processed = async () => (await consumerMetrics())('amqp_messages_processed_total');
  const waitProcessed = async (before: number, count: number) => {
    while ((await processed()) - before < count) await new Promise((r) => setTimeout(r, 20));
  };
  const expectRows = async (count: number) => {
    const stored = await rows();
    if (stored !== count) throw new Error(`expected ${count} rows, found ${stored}`);
  };
  /**
   * Starts measuring a run; the returned function gives its CPU figures and what the consumer's
   * commits took. `commitPercent` is the time spent in commits over the run's time: above 100 %
   * when commits overlap (CONSUMER_COMMITS_IN_FLIGHT). A high share alone does not say the
   * database bounds msg/s: on shared cores a commit also waits for a core (see the README).
   */
  const startMeters = async () => {
    const [producerCpu, consumerCpu, brokerCpu, mariaDbCpu] = [
      cpuMeter([producer.child.pid]),
      cpuMeter([consumer.child.pid]),
      cpuMeter([serverPids.broker]),
      cpuMeter([serverPids.mariaDb]),
    ];
    const before = await commits();
    return async (messages: number, seconds: number) => {
      const producerCpuUsPerMessage = perMessage(producerCpu(), messages);
      const consumerCpuUsPerMessage = perMessage(consumerCpu(), messages);
      const brokerCpuUsPerMessage = perMessage(brokerCpu(), messages);
      const mariaDbCpuUsPerMessage = perMessage(mariaDbCpu(), messages);
      const after = await commits();
      const batches = after.count - before.count;
      const commitSeconds = after.seconds - before.seconds;
      return {
        nodeCpuUsPerMessage: producerCpuUsPerMessage + consumerCpuUsPerMessage,
        producerCpuUsPerMessage,
        consumerCpuUsPerMessage,
        brokerCpuUsPerMessage,
        mariaDbCpuUsPerMessage,
        allCpuUsPerMessage:
          producerCpuUsPerMessage +
          consumerCpuUsPerMessage +
          brokerCpuUsPerMessage +
          mariaDbCpuUsPerMessage,
        batches,
        commitMsMean: (commitSeconds * 1000) / Math.max(1, batches),
        commitPercent: (commitSeconds / seconds) * 100,
      };
    };
  };
  return {
    db,
    /** The consumer's database: raw amqplib + the same INSERT writes its table too. */
    databaseUrl: database.url,
    processed,
    waitProcessed,
    expectRows,
    latencies,
    send,
    startMeters,
    stop: async () => {
      await db.end();
      await Promise.all([producer.stop(), consumer.stop()]);
    },
  };
}

import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import amqp from 'amqplib';
import mysql from 'mysql2/promise';
import { isStale, sqlSafe } from './names.js';

/** The machine's own servers (see .ci/run); overridable for a laptop that runs them elsewhere. */
const MYSQL_ADMIN_URL =
  process.env.PODLAB_IMAGE_TEST_MYSQL_ADMIN_URL ?? 'mysql://root@127.0.0.1:3306';
const AMQP_ADMIN_URL =
  process.env.PODLAB_IMAGE_TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

export interface Backing {
  /** Environment for a service that `needs` these, as a Kubernetes Secret/ConfigMap would give it. */
  envFor(needs: string[]): Record<string, string>;
  /** Queries the test's database as the service user. */
  query<T>(sql: string): Promise<T[]>;
  drop(): Promise<void>;
}

/**
 * A database + user and a queue/exchange name of this run's own on the machine's MariaDB and
 * RabbitMQ; drop() removes them, and also what a crashed earlier run left (ours, and old).
 */
export async function createBacking(runName: string): Promise<Backing> {
  const name = sqlSafe(runName);
  const password = `pw_${name.slice(-6)}`;
  const admin = await mysql.createConnection(MYSQL_ADMIN_URL);
  const [schemas] = await admin.query<mysql.RowDataPacket[]>(
    "SHOW DATABASES LIKE 'podlab\\_imgtest\\_%'",
  );
  for (const old of schemas
    .map((row) => Object.values(row)[0] as string)
    .filter((s) => isStale(s))) {
    await admin.query(`DROP DATABASE IF EXISTS \`${old}\``);
    await admin.query(`DROP USER IF EXISTS '${old}'@'%'`);
  }
  for (const old of staleAmqpNames()) await deleteAmqpNames(AMQP_ADMIN_URL, old);
  await admin.query(`CREATE DATABASE \`${name}\``);
  await admin.query(`CREATE USER '${name}'@'%' IDENTIFIED BY '${password}'`);
  await admin.query(`GRANT ALL PRIVILEGES ON \`${name}\`.* TO '${name}'@'%'`);
  const serviceUrl = `mysql://${name}:${password}@127.0.0.1:3306/${name}`;
  const amqpUrl = new URL(AMQP_ADMIN_URL);
  // auth's signing key, as its Secret gives it: a throwaway Ed25519 key for this run.
  const signingKey = {
    JWT_PRIVATE_KEY: generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
    JWT_KEY_ID: `imgtest-${randomBytes(4).toString('hex')}`,
  };

  return {
    envFor: (needs) => ({
      ...(needs.includes('amqp')
        ? { AMQP_URL: amqpUrl.href, PIPELINE_QUEUE: `${name}.q`, PIPELINE_EXCHANGE: `${name}.x` }
        : {}),
      ...(needs.includes('mysql') ? { MYSQL_URL: serviceUrl } : {}),
      ...(needs.includes('signing-key') ? signingKey : {}),
    }),
    async query<T>(sql: string) {
      const connection = await mysql.createConnection(serviceUrl);
      try {
        const [rows] = await connection.query(sql);
        return rows as T[];
      } finally {
        await connection.end();
      }
    },
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.query(`DROP USER IF EXISTS '${name}'@'%'`);
      await admin.end();
      await deleteAmqpNames(AMQP_ADMIN_URL, name);
    },
  };
}

/** Run names of queues a crashed earlier run left on the machine's broker (rabbitmqctl, when it is here). */
function staleAmqpNames(): string[] {
  const out = spawnSync('rabbitmqctl', ['-q', 'list_queues', 'name'], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (out.status !== 0) return [];
  const names = out.stdout
    .split('\n')
    .map((line) => /^(podlab_imgtest_\d{10}_[0-9a-f]+)\.q$/.exec(line.trim())?.[1]);
  return names.filter((n): n is string => n !== undefined && isStale(n));
}

/** Deletes the queues and exchanges a run declared: `<name>.q`, `.x` and what the kit derives from them. */
async function deleteAmqpNames(url: string, name: string): Promise<void> {
  const connection = await amqp.connect(url);
  try {
    const channel = await connection.createChannel();
    for (const queue of [`${name}.q`, `${name}.q.dead`]) await channel.deleteQueue(queue);
    for (const exchange of [`${name}.x`, `${name}.x.dlx`]) await channel.deleteExchange(exchange);
    await channel.close();
  } finally {
    await connection.close();
  }
}

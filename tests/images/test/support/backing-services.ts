import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createTestDatabase, sharedServers } from '@podlab/testing';
import amqp from 'amqplib';
import mysql from 'mysql2/promise';
import { sqlSafe } from './names.js';

export interface Backing {
  /** Environment for a service that `needs` these, as a Kubernetes Secret/ConfigMap would give it. */
  envFor(service: { name: string; needs: readonly string[] }): Record<string, string>;
  /** Queries the test's database as the service user. */
  query<T>(sql: string): Promise<T[]>;
  drop(): Promise<void>;
}

/**
 * A database + user and queue/exchange names of this run's own on the test run's private
 * MariaDB and RabbitMQ (the @podlab/testing global setup starts them on loopback; the
 * containers run on the host network, so they reach them as the tests do). Nothing on the
 * machine's own servers is used: a fresh machine has none running.
 */
export async function createBacking(runName: string): Promise<Backing> {
  const { amqpUrl, mysqlAdminUrl } = sharedServers();
  const name = sqlSafe(runName);
  const database = await createTestDatabase(mysqlAdminUrl, 'imgtest');
  // auth's signing key, as its Secret gives it: a throwaway Ed25519 key for this run.
  const signingKey = {
    JWT_PRIVATE_KEY: generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
    JWT_KEY_ID: `imgtest-${randomBytes(4).toString('hex')}`,
  };

  const declared = { exchanges: new Set<string>(), queues: new Set<string>() };
  const brokerEnv = (service: string) => {
    const names = clusterAmqpNames(service, name);
    if (names.AMQP_EXCHANGE) declared.exchanges.add(names.AMQP_EXCHANGE);
    if (names.AMQP_QUEUE) declared.queues.add(names.AMQP_QUEUE);
    return { AMQP_URL: amqpUrl, ...names };
  };

  return {
    envFor: ({ name: service, needs }) => ({
      ...(needs.includes('amqp') ? brokerEnv(service) : {}),
      ...(needs.includes('mysql') ? { MYSQL_URL: database.url } : {}),
      ...(needs.includes('signing-key') ? signingKey : {}),
    }),
    async query<T>(sql: string) {
      const connection = await mysql.createConnection(database.url);
      try {
        const [rows] = await connection.query(sql);
        return rows as T[];
      } finally {
        await connection.end();
      }
    },
    async drop() {
      await database.drop();
      await deleteAmqpNames(amqpUrl, declared);
    },
  };
}

/**
 * The exchange and queue a service's cluster config names (k8s/<service>/config.env), under this
 * run's prefix: services that share a queue on the cluster (producer and consumer) share it here,
 * and chat's fan-out exchange stays apart from the pipeline's direct one, as on the cluster. One
 * exchange name for both kinds made the first declaration win and the other service fail.
 */
function clusterAmqpNames(
  service: string,
  run: string,
): { AMQP_EXCHANGE?: string; AMQP_QUEUE?: string } {
  const configEnv = readFileSync(
    new URL(`../../../../k8s/${service}/config.env`, import.meta.url),
    'utf8',
  );
  const names: { AMQP_EXCHANGE?: string; AMQP_QUEUE?: string } = {};
  for (const line of configEnv.split('\n')) {
    const match = /^(AMQP_EXCHANGE|AMQP_QUEUE)=(.+)$/.exec(line.trim());
    if (match) names[match[1] as 'AMQP_EXCHANGE' | 'AMQP_QUEUE'] = `${run}.${match[2]}`;
  }
  return names;
}

/** Deletes the queues and exchanges a run declared, and what the kit derives from them. */
async function deleteAmqpNames(
  url: string,
  declared: { exchanges: Set<string>; queues: Set<string> },
): Promise<void> {
  const connection = await amqp.connect(url);
  try {
    const channel = await connection.createChannel();
    // Deleting a name nothing declared (chat's exchange has no .dlx) is not an error to RabbitMQ.
    for (const queue of declared.queues) {
      for (const name of [queue, `${queue}.dead`]) await channel.deleteQueue(name);
    }
    for (const exchange of declared.exchanges) {
      for (const name of [exchange, `${exchange}.dlx`]) await channel.deleteExchange(name);
    }
    await channel.close();
  } finally {
    await connection.close();
  }
}

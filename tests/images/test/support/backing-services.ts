import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createTestDatabase, sharedServers } from '@podlab/testing';
import amqp from 'amqplib';
import mysql from 'mysql2/promise';
import { sqlSafe } from './names.js';

export interface Backing {
  /** Environment for a service that `needs` these, as a Kubernetes Secret/ConfigMap would give it. */
  envFor(needs: string[]): Record<string, string>;
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

  return {
    envFor: (needs) => ({
      ...(needs.includes('amqp')
        ? { AMQP_URL: amqpUrl, AMQP_QUEUE: `${name}.q`, AMQP_EXCHANGE: `${name}.x` }
        : {}),
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
      await deleteAmqpNames(amqpUrl, name);
    },
  };
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

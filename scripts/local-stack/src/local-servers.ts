import { join, relative } from 'node:path';
import {
  startMariaDb,
  startRabbitMq,
  type MariaDbServer,
  type RabbitMqServer,
} from '@podlab/testing';

export interface Infrastructure {
  amqpUrl: string;
  mysqlAdminUrl: string;
  stop(): Promise<void>;
}

/**
 * The broker and database server: the ones the environment names (AMQP_URL, MYSQL_ADMIN_URL),
 * else private ones started from the installed binaries, with their data kept under .data/.
 */
export async function startInfrastructure(
  dataDir: string,
  log: (line: string) => void,
): Promise<Infrastructure> {
  const started: (RabbitMqServer | MariaDbServer)[] = [];
  const stop = async () => {
    await Promise.all(started.map((server) => server.dispose()));
  };
  try {
    const [amqpUrl, mysqlAdminUrl] = await Promise.all([
      process.env.AMQP_URL ??
        (async () => {
          log(
            `starting a private RabbitMQ (data in ${relative(process.cwd(), join(dataDir, 'rabbitmq'))}; set AMQP_URL to use your own)`,
          );
          const broker = await startRabbitMq({ name: 'local', dataDir: join(dataDir, 'rabbitmq') });
          started.push(broker);
          return broker.url;
        })(),
      process.env.MYSQL_ADMIN_URL ??
        (async () => {
          log(
            `starting a private MariaDB (data in ${relative(process.cwd(), join(dataDir, 'mariadb'))}; set MYSQL_ADMIN_URL to use your own)`,
          );
          const database = await startMariaDb({ name: 'local', dataDir: join(dataDir, 'mariadb') });
          started.push(database);
          return database.adminUrl;
        })(),
    ]);
    return { amqpUrl, mysqlAdminUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

import { generateKeyPairSync } from 'node:crypto';
import { createTestDatabase, sharedServers, uniqueName } from '@podlab/testing';
import { afterAll } from 'vitest';
import { startServiceProcess, type ServiceName, type ServiceProcess } from './service-process.js';

export type System = Record<ServiceName, ServiceProcess>;

/**
 * The five services as the cluster runs them, each on its own database and user on the run's
 * MariaDB, on a queue and exchanges of their own on the run's RabbitMQ; todo and chat verify
 * tokens with auth's real JWKS.
 */
export async function startSystem(): Promise<System> {
  const { amqpUrl, mysqlAdminUrl } = sharedServers();
  const databases = await Promise.all(
    ['fz_auth', 'fz_todo', 'fz_chat', 'fz_pipeline'].map((prefix) =>
      createTestDatabase(mysqlAdminUrl, prefix),
    ),
  );
  afterAll(() => Promise.all(databases.map((database) => database.drop())));
  const [authDb, todoDb, chatDb, pipelineDb] = databases.map((database) => database.url);
  const queue = uniqueName('fuzz');
  const pipeline = { AMQP_URL: amqpUrl, AMQP_QUEUE: queue, AMQP_EXCHANGE: `${queue}.x` };
  const { privateKey } = generateKeyPairSync('ed25519');

  const auth = await startServiceProcess('auth', {
    MYSQL_URL: authDb!,
    JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    JWT_KEY_ID: 'fuzz',
    // Every request of the run comes from one address: the sign-up limit would answer
    // nothing but 429 after ten. (The login limits stay as configured.)
    REGISTER_MAX_PER_CLIENT: '100000',
  });
  const jwks = { JWKS_URL: `${auth.url}/api/auth/.well-known/jwks.json` };
  const [todo, chat, producer, consumer] = await Promise.all([
    startServiceProcess('todo', { MYSQL_URL: todoDb!, ...jwks }),
    startServiceProcess('chat', {
      MYSQL_URL: chatDb!,
      AMQP_URL: amqpUrl,
      AMQP_EXCHANGE: uniqueName('fuzz_chat'),
      ...jwks,
    }),
    startServiceProcess('producer', pipeline),
    startServiceProcess('consumer', { ...pipeline, MYSQL_URL: pipelineDb! }),
  ]);
  return { auth, todo: todo!, chat: chat!, producer: producer!, consumer: consumer! };
}

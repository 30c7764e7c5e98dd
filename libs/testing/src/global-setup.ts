import { startMariaDb, type MariaDbServer } from './mariadb-server.js';
import { startRabbitMq, type RabbitMqServer } from './rabbitmq-server.js';
import { AMQP_URL_ENV, MYSQL_ADMIN_URL_ENV } from './shared-servers.js';

/**
 * Several vitest projects in one run each call this setup in the same process, possibly at the
 * same time, and each may load its own copy of this module: the in-flight start is kept on
 * globalThis so exactly one pair of servers is started.
 */
const STARTING = Symbol.for('@podlab/testing/global-setup');
type GlobalWithStart = typeof globalThis & { [STARTING]?: Promise<void> };

/**
 * vitest globalSetup: one private RabbitMQ and one private MariaDB for the whole run, started in
 * parallel, published to the test workers through environment variables. If they are already
 * set (an outer runner or another project started servers), it starts and stops nothing.
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env[AMQP_URL_ENV] && process.env[MYSQL_ADMIN_URL_ENV]) return undefined;
  const global = globalThis as GlobalWithStart;
  if (global[STARTING]) {
    await global[STARTING];
    return undefined;
  }

  const starting = startBoth();
  global[STARTING] = starting.then(() => undefined);
  // The projects waiting on it see the failure through their own await; this one throws below.
  global[STARTING].catch(() => undefined);
  let rabbitMq: RabbitMqServer, mariaDb: MariaDbServer;
  try {
    [rabbitMq, mariaDb] = await starting;
  } catch (error) {
    delete global[STARTING];
    throw error;
  }
  process.env[AMQP_URL_ENV] = rabbitMq.url;
  process.env[MYSQL_ADMIN_URL_ENV] = mariaDb.adminUrl;

  return async function teardown() {
    delete process.env[AMQP_URL_ENV];
    delete process.env[MYSQL_ADMIN_URL_ENV];
    delete global[STARTING];
    await Promise.all([rabbitMq.dispose(), mariaDb.dispose()]);
  };
}

/** Both at once (RabbitMQ dominates at ~8 s); if one fails, the other is disposed, not left running. */
async function startBoth(): Promise<[RabbitMqServer, MariaDbServer]> {
  const [rabbitMq, mariaDb] = await Promise.allSettled([
    startRabbitMq({ name: 'shared' }),
    startMariaDb({ name: 'shared' }),
  ]);
  if (rabbitMq.status === 'fulfilled' && mariaDb.status === 'fulfilled')
    return [rabbitMq.value, mariaDb.value];
  await Promise.all(
    [rabbitMq, mariaDb].map((result) =>
      result.status === 'fulfilled' ? result.value.dispose() : undefined,
    ),
  );
  const failures = [rabbitMq, mariaDb].flatMap((result) =>
    result.status === 'rejected' ? [result.reason as unknown] : [],
  );
  throw failures.length === 1
    ? failures[0]
    : new AggregateError(
        failures,
        'Neither RabbitMQ nor MariaDB could be started for the test run',
      );
}

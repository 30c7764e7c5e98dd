/** Set by the global setup in the main vitest process; test workers inherit them. */
export const AMQP_URL_ENV = 'PODLAB_TEST_AMQP_URL';
export const MYSQL_ADMIN_URL_ENV = 'PODLAB_TEST_MYSQL_ADMIN_URL';

export interface SharedServers {
  /** amqp://guest:guest@127.0.0.1:<port> of the run's RabbitMQ node. */
  amqpUrl: string;
  /** mysql://root@127.0.0.1:<port> of the run's MariaDB server; give each test its own database with createTestDatabase. */
  mysqlAdminUrl: string;
}

/** The RabbitMQ and MariaDB shared by the whole test run. */
export function sharedServers(): SharedServers {
  const amqpUrl = process.env[AMQP_URL_ENV];
  const mysqlAdminUrl = process.env[MYSQL_ADMIN_URL_ENV];
  if (!amqpUrl || !mysqlAdminUrl) {
    const missing = [!amqpUrl && AMQP_URL_ENV, !mysqlAdminUrl && MYSQL_ADMIN_URL_ENV]
      .filter(Boolean)
      .join(' and ');
    throw new Error(
      `${missing} not set: the @podlab/testing global setup did not run. Add ` +
        "globalSetup: [fileURLToPath(import.meta.resolve('@podlab/testing/global-setup'))] to this project's vitest config " +
        '(or set both variables to servers you started yourself).',
    );
  }
  return { amqpUrl, mysqlAdminUrl };
}

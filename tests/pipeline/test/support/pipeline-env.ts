import { createTestDatabase, uniqueName } from '@podlab/testing';
import { afterAll } from 'vitest';

/** A queue, exchange and database of this test's own, so tests never see each other's messages. */
export async function pipelineEnv(amqpUrl: string, mysqlAdminUrl: string) {
  const queue = uniqueName('pipeline');
  const database = await createTestDatabase(mysqlAdminUrl, 'pipeline');
  afterAll(() => database.drop());
  const common = { AMQP_URL: amqpUrl, AMQP_QUEUE: queue, AMQP_EXCHANGE: `${queue}.x` };
  return {
    queue,
    exchange: `${queue}.x`,
    databaseUrl: database.url,
    producerEnv: common,
    consumerEnv: { ...common, MYSQL_URL: database.url },
  };
}

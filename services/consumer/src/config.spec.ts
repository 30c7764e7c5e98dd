import { PIPELINE_WORK_QUEUE } from '@podlab/contracts';
import { ConfigError, loadConfig } from '@podlab/kit';
import { workQueueOf } from '@podlab/kit/messaging';
import { describe, expect, it } from 'vitest';
import { configSchema } from './config.js';

const required = {
  AMQP_URL: 'amqp://u:p@rabbitmq:5672',
  MYSQL_URL: 'mysql://u:p@mysql:3306/pipeline',
};

describe('broker configuration', () => {
  it('when only the URLs are set, then it consumes the queue the producer publishes to, in large batches, two committing at once', () => {
    const config = loadConfig(configSchema, required);
    expect(workQueueOf(config)).toMatchObject(PIPELINE_WORK_QUEUE);
    expect([
      config.CONSUMER_PREFETCH,
      config.CONSUMER_BATCH_SIZE,
      config.CONSUMER_COMMITS_IN_FLIGHT,
    ]).toEqual([1_500, 500, 2]);
  });
});

describe('housekeeping configuration', () => {
  it('when nothing is set, then a week of retention, a 5-minute interval and the Role’s lease name', () => {
    expect(loadConfig(configSchema, required)).toMatchObject({
      HOUSEKEEPING_RETENTION_HOURS: 168,
      HOUSEKEEPING_INTERVAL_SECONDS: 300,
      LEASE_NAME: 'consumer-housekeeping',
    });
  });

  it.each([
    ['HOUSEKEEPING_RETENTION_HOURS', '0'],
    ['HOUSEKEEPING_RETENTION_HOURS', 'a week'],
    ['HOUSEKEEPING_INTERVAL_SECONDS', '0.5'],
    ['LEASE_NAME', 'Consumer_Housekeeping'],
  ])('when %s is %j, then start-up fails naming it', (key, value) => {
    expect(() => loadConfig(configSchema, { ...required, [key]: value })).toThrow(ConfigError);
    expect(() => loadConfig(configSchema, { ...required, [key]: value })).toThrow(key);
  });
});

import { describe, expect, it } from 'vitest';
import { baseConfigSchema, loadConfig } from '../config/load-config.js';
import {
  batchConsumerConfig,
  confirmPublisherConfig,
  fanoutConfig,
  workQueueConfig,
} from './messaging-config.js';
import { workQueueConsumerSettings, workQueuePublisherSettings } from './work-queue-settings.js';

const schema = baseConfigSchema.extend({
  ...workQueueConfig({ exchange: 'shop.orders', queue: 'shop.orders.placed' }),
  ...batchConsumerConfig({ prefetch: 100, batchSize: 50 }),
  ...confirmPublisherConfig,
});
const url = { AMQP_URL: 'amqp://u:p@rabbitmq:5672' };

describe('work-queue config', () => {
  it('when only AMQP_URL is set, then the service’s own exchange and queue are the defaults', () => {
    expect(loadConfig(schema, url)).toMatchObject({
      AMQP_EXCHANGE: 'shop.orders',
      AMQP_QUEUE: 'shop.orders.placed',
      AMQP_DELIVERY_LIMIT: 5,
      CONSUMER_PREFETCH: 100,
      CONSUMER_BATCH_SIZE: 50,
      CONSUMER_BATCH_WAIT_MS: 20,
      PUBLISH_CONFIRM_TIMEOUT_MS: 5_000,
    });
  });

  it.each([
    ['AMQP_URL', 'http://rabbitmq:5672'],
    ['AMQP_DELIVERY_LIMIT', '0'],
    ['CONSUMER_PREFETCH', 'many'],
    ['CONSUMER_BATCH_SIZE', '2.5'],
    ['PUBLISH_CONFIRM_TIMEOUT_MS', '10'],
  ])('when %s is %j, then start-up fails naming it', (key, value) => {
    expect(() => loadConfig(schema, { ...url, [key]: value })).toThrow(key);
  });

  it('when a consumer and a publisher read the same config, then they meet on one queue', () => {
    const config = loadConfig(schema, { ...url, AMQP_QUEUE: 'q', AMQP_EXCHANGE: 'x' });
    expect(workQueueConsumerSettings(config)).toMatchObject({
      queue: 'q',
      deadLetterExchange: 'x.dlx',
      prefetch: 100,
      batchSize: 50,
      batchWaitMs: 20,
    });
    expect(workQueuePublisherSettings(config)).toMatchObject({
      exchange: 'x',
      routingKey: 'q',
      confirmTimeoutMs: 5_000,
    });
  });
});

describe('fan-out config', () => {
  it('when the exchange is set empty, then the default is used (an empty ConfigMap value means unset)', () => {
    const fanout = baseConfigSchema.extend(fanoutConfig({ exchange: 'shop.news' }));
    expect(loadConfig(fanout, { ...url, AMQP_EXCHANGE: '' }).AMQP_EXCHANGE).toBe('shop.news');
  });
});

import { ConfigError, loadConfig } from '@podlab/kit';
import { describe, expect, it } from 'vitest';
import { configSchema } from './config.js';

describe('producer configuration', () => {
  it('when only AMQP_URL is set, then the pipeline defaults match the consumer', () => {
    expect(loadConfig(configSchema, { AMQP_URL: 'amqp://u:p@rabbitmq:5672' })).toMatchObject({
      AMQP_EXCHANGE: 'podlab.pipeline',
      AMQP_QUEUE: 'podlab.pipeline.messages',
      AMQP_DELIVERY_LIMIT: 5,
      PUBLISH_CONFIRM_TIMEOUT_MS: 5_000,
    });
  });

  it.each([
    ['AMQP_URL', 'http://rabbitmq:5672'],
    ['AMQP_DELIVERY_LIMIT', '0'],
    ['PUBLISH_CONFIRM_TIMEOUT_MS', '10'],
  ])('when %s is %j, then start-up fails naming it', (key, value) => {
    const env = { AMQP_URL: 'amqp://u:p@rabbitmq:5672', [key]: value };
    expect(() => loadConfig(configSchema, env)).toThrow(ConfigError);
    expect(() => loadConfig(configSchema, env)).toThrow(key);
  });

  it('when AMQP_URL is missing, then start-up fails naming it', () => {
    expect(() => loadConfig(configSchema, {})).toThrow('AMQP_URL is required');
  });
});

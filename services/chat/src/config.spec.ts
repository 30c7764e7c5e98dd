import { ConfigError, loadConfig } from '@podlab/kit';
import { describe, expect, it } from 'vitest';
import { configSchema } from './config.js';

const valid = {
  MYSQL_URL: 'mysql://chat:pw@db:3306/chat',
  AMQP_URL: 'amqp://guest:guest@broker:5672',
  JWKS_URL: 'http://auth:3000/api/auth/.well-known/jwks.json',
};

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(configSchema, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('chat config', () => {
  it('when the required URLs are set, then the rest takes the documented defaults', () => {
    const config = loadConfig(configSchema, valid);
    expect(config).toMatchObject({
      JWT_ISSUER: 'podlab-auth',
      JWT_AUDIENCE: 'podlab',
      AMQP_EXCHANGE: 'podlab.chat',
      PORT: 3000,
      ROOM_CREATE_MAX_PER_USER: 10,
      ROOM_CREATE_RATE_WINDOW_SECONDS: 3_600,
      MESSAGE_POST_MAX_PER_USER: 60,
      MESSAGE_POST_RATE_WINDOW_SECONDS: 60,
      STREAMS_MAX_PER_USER: 10,
    });
  });

  it('when a quota is not a positive whole number, then start-up fails naming it', () => {
    expect(problemsOf({ ...valid, STREAMS_MAX_PER_USER: '0' })).toContain('STREAMS_MAX_PER_USER');
    expect(problemsOf({ ...valid, MESSAGE_POST_MAX_PER_USER: 'lots' })).toContain(
      'MESSAGE_POST_MAX_PER_USER',
    );
    expect(problemsOf({ ...valid, ROOM_CREATE_RATE_WINDOW_SECONDS: '1.5' })).toContain(
      'ROOM_CREATE_RATE_WINDOW_SECONDS',
    );
  });

  it('when a required URL is missing, then start-up fails naming it', () => {
    const { JWKS_URL: _omitted, ...rest } = valid;
    expect(problemsOf(rest)).toContain('JWKS_URL is required');
  });

  it('when a URL has the wrong scheme, then start-up fails naming the key and the schemes', () => {
    expect(problemsOf({ ...valid, AMQP_URL: 'http://broker:5672' })).toContain(
      'AMQP_URL: must be a URL starting with amqp:// or amqps://',
    );
    expect(problemsOf({ ...valid, MYSQL_URL: 'not a url' })).toContain('MYSQL_URL');
  });

  it('when the exchange is set empty, then the default is used (an empty ConfigMap value means unset)', () => {
    expect(loadConfig(configSchema, { ...valid, AMQP_EXCHANGE: '' }).AMQP_EXCHANGE).toBe(
      'podlab.chat',
    );
  });
});

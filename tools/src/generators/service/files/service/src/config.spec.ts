import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { loadConfig } from '@podlab/kit';
import { describe, expect, it } from 'vitest';
import { configSchema } from './config.js';

const valid: Record<string, string> = {
  // #if database
  MYSQL_URL: 'mysql://starter:pw@mysql:3306/starter',
  // #endif
  // #if amqp
  AMQP_URL: 'amqp://podlab:pw@rabbitmq:5672',
  // #endif
  // #if auth
  JWKS_URL: 'http://auth/api/auth/.well-known/jwks.json',
  // #endif
};
const load = (env: Record<string, string>) => () => loadConfig(configSchema, env);

describe('starter config', () => {
  it('when only the required keys are set, then the defaults apply', () => {
    expect(loadConfig(configSchema, valid)).toMatchObject({ PORT: 3000, GREETING_WORD: 'Hello' });
  });

  it('when k8s/starter/config.env is read, then every key is one the schema reads and it is accepted', () => {
    // The ConfigMap the cluster gives this service: a renamed or removed key shows up here, not
    // first as a pod that will not start. POD_NAME and the Secret's URLs come from elsewhere.
    const configMap = parseEnv(
      readFileSync(new URL('../../../k8s/starter/config.env', import.meta.url), 'utf-8'),
    ) as Record<string, string>;
    const unread = Object.keys(configMap).filter((key) => !(key in configSchema.shape));
    expect(unread).toEqual([]);
    expect(load({ ...valid, ...configMap })).not.toThrow();
  });

  it('when GREETING_WORD is too long, then start-up fails naming it', () => {
    expect(load({ ...valid, GREETING_WORD: 'x'.repeat(41) })).toThrow('GREETING_WORD');
  });
  // #if database

  it('when MYSQL_URL is missing or not a mysql:// URL, then start-up fails naming it', () => {
    expect(load({ ...valid, MYSQL_URL: '' })).toThrow('MYSQL_URL is required');
    expect(load({ ...valid, MYSQL_URL: 'postgres://x@y/z' })).toThrow('MYSQL_URL');
  });
  // #endif
  // #if amqp

  it('when AMQP_URL is missing or not an amqp(s):// URL, then start-up fails naming it', () => {
    expect(load({ ...valid, AMQP_URL: '' })).toThrow('AMQP_URL is required');
    expect(load({ ...valid, AMQP_URL: 'http://rabbitmq:5672' })).toThrow('AMQP_URL');
  });

  it('when the queue is not named, then it is the service’s own', () => {
    expect(loadConfig(configSchema, valid)).toMatchObject({
      AMQP_EXCHANGE: 'podlab.starter',
      AMQP_QUEUE: 'podlab.starter.greetings',
    });
  });
  // #endif
  // #if auth

  it('when JWKS_URL is missing or not an http(s):// URL, then start-up fails naming it', () => {
    expect(load({ ...valid, JWKS_URL: '' })).toThrow('JWKS_URL is required');
    expect(load({ ...valid, JWKS_URL: 'ftp://auth/keys' })).toThrow('JWKS_URL');
  });
  // #endif
});

import { ConfigError, loadConfig } from '@podlab/kit';
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
const problemsOf = (env: Record<string, string>): string => {
  try {
    loadConfig(configSchema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('the config was accepted');
};

describe('starter config', () => {
  it('when only the required keys are set, then the defaults apply', () => {
    expect(loadConfig(configSchema, valid)).toMatchObject({ PORT: 3000, GREETING_WORD: 'Hello' });
  });

  it('when GREETING_WORD is too long, then start-up fails naming it', () => {
    expect(problemsOf({ ...valid, GREETING_WORD: 'x'.repeat(41) })).toContain('GREETING_WORD');
  });
  // #if database

  it('when MYSQL_URL is missing or not a mysql:// URL, then start-up fails naming it', () => {
    expect(problemsOf({ ...valid, MYSQL_URL: '' })).toContain('MYSQL_URL is required');
    expect(problemsOf({ ...valid, MYSQL_URL: 'postgres://x@y/z' })).toContain('MYSQL_URL');
  });
  // #endif
  // #if amqp

  it('when AMQP_URL is missing or not an amqp(s):// URL, then start-up fails naming it', () => {
    expect(problemsOf({ ...valid, AMQP_URL: '' })).toContain('AMQP_URL is required');
    expect(problemsOf({ ...valid, AMQP_URL: 'http://rabbitmq:5672' })).toContain('AMQP_URL');
  });
  // #endif
  // #if auth

  it('when JWKS_URL is missing or not an http(s):// URL, then start-up fails naming it', () => {
    expect(problemsOf({ ...valid, JWKS_URL: '' })).toContain('JWKS_URL is required');
    expect(problemsOf({ ...valid, JWKS_URL: 'ftp://auth/keys' })).toContain('JWKS_URL');
  });

  it('when the token claims are not set, then they are what auth signs with', () => {
    expect(loadConfig(configSchema, valid)).toMatchObject({
      JWT_ISSUER: 'podlab-auth',
      JWT_AUDIENCE: 'podlab',
    });
  });
  // #endif
});

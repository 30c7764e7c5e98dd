import { ConfigError, loadConfig } from '@podlab/kit';
import { describe, expect, it } from 'vitest';
import { configSchema } from './config.js';

const valid = {
  MYSQL_URL: 'mysql://todo:pw@mysql:3306/todo',
  JWKS_URL: 'http://auth:3000/api/auth/.well-known/jwks.json',
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

describe('todo config', () => {
  it('when only the required keys are set, then the token defaults are auth’s issuer and audience', () => {
    expect(loadConfig(configSchema, valid)).toMatchObject({
      JWT_ISSUER: 'podlab-auth',
      JWT_AUDIENCE: 'podlab',
      TODO_MAX_PER_USER: 1000,
      MYSQL_POOL_SIZE: 10,
    });
  });

  it('when JWKS_URL or MYSQL_URL is missing, then start-up fails naming each', () => {
    const message = problemsOf({});
    expect(message).toContain('JWKS_URL is required');
    expect(message).toContain('MYSQL_URL is required');
  });

  it('when JWKS_URL is not an http(s) URL, then it is refused by name', () => {
    expect(problemsOf({ ...valid, JWKS_URL: 'auth:3000/jwks' })).toContain('JWKS_URL');
    expect(problemsOf({ ...valid, JWKS_URL: 'file:///etc/passwd' })).toContain('JWKS_URL');
  });

  it('when MYSQL_URL is not a mysql:// URL, then it is refused by name', () => {
    expect(problemsOf({ ...valid, MYSQL_URL: 'postgres://x@y/z' })).toContain('MYSQL_URL');
  });

  it('when TODO_MAX_PER_USER is not a positive whole number, then it is refused by name', () => {
    for (const bad of ['0', '-5', '2.5', 'many', '1000000'])
      expect(problemsOf({ ...valid, TODO_MAX_PER_USER: bad })).toContain('TODO_MAX_PER_USER');
  });
});

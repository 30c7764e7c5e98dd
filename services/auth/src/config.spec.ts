import { generateKeyPairSync } from 'node:crypto';
import { ConfigError, loadConfig } from '@podlab/kit';
import { describe, expect, it } from 'vitest';
import { configSchema } from './config.js';

const ed25519Pem = () =>
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

const valid = () => ({
  MYSQL_URL: 'mysql://auth:pw@mysql:3306/auth',
  JWT_PRIVATE_KEY: ed25519Pem(),
  JWT_KEY_ID: 'dev-1',
});

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(configSchema, env);
    return '';
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
};

describe('auth config', () => {
  it('when only the secrets are given, then the defaults are the documented ones', () => {
    const config = loadConfig(configSchema, valid());
    expect(config).toMatchObject({
      JWT_ISSUER: 'podlab-auth',
      JWT_AUDIENCE: 'podlab',
      ACCESS_TOKEN_TTL_SECONDS: 900,
      COOKIE_SECURE: 'auto',
      TRUST_PROXY: false,
      LOGIN_MAX_FAILURES_PER_ACCOUNT: 5,
      LOGIN_MAX_FAILURES_PER_ACCOUNT_ALL_CLIENTS: 100,
      LOGIN_MAX_FAILURES_PER_CLIENT: 50,
      REFRESH_REUSE_GRACE_SECONDS: 10,
      REGISTER_MAX_PER_CLIENT: 10,
      REGISTER_RATE_WINDOW_SECONDS: 3_600,
    });
    expect(config.JWT_PREVIOUS_PUBLIC_KEYS).toBeUndefined();
  });

  it('when the signing key is missing, then start-up names JWT_PRIVATE_KEY and JWT_KEY_ID', () => {
    const { MYSQL_URL } = valid();
    const message = problemsOf({ MYSQL_URL });
    expect(message).toContain('JWT_PRIVATE_KEY is required');
    expect(message).toContain('JWT_KEY_ID is required');
  });

  it('when the key is not Ed25519 (an RSA key, or garbage), then it is refused by name', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(problemsOf({ ...valid(), JWT_PRIVATE_KEY: rsa })).toContain(
      'JWT_PRIVATE_KEY: must be a PKCS#8 PEM of an Ed25519',
    );
    expect(problemsOf({ ...valid(), JWT_PRIVATE_KEY: 'hello' })).toContain('JWT_PRIVATE_KEY');
  });

  it('when the PEM comes on one line with \\n escapes (an env file), then it is accepted', () => {
    const oneLine = ed25519Pem().replace(/\n/g, '\\n');
    expect(
      loadConfig(configSchema, { ...valid(), JWT_PRIVATE_KEY: oneLine }).JWT_PRIVATE_KEY,
    ).toContain('\n');
  });

  it('when previous public keys are not a JSON array of Ed25519 JWKs, then JWT_PREVIOUS_PUBLIC_KEYS is named', () => {
    expect(problemsOf({ ...valid(), JWT_PREVIOUS_PUBLIC_KEYS: 'not json' })).toContain(
      'JWT_PREVIOUS_PUBLIC_KEYS',
    );
    expect(
      problemsOf({ ...valid(), JWT_PREVIOUS_PUBLIC_KEYS: '[{"kty":"RSA","kid":"a"}]' }),
    ).toContain('JWT_PREVIOUS_PUBLIC_KEYS');
  });

  it('when booleans and TRUST_PROXY are spelled as env values, then they parse as meant ("false" is false)', () => {
    expect(loadConfig(configSchema, { ...valid(), COOKIE_SECURE: 'false' }).COOKIE_SECURE).toBe(
      false,
    );
    expect(loadConfig(configSchema, { ...valid(), COOKIE_SECURE: 'true' }).COOKIE_SECURE).toBe(
      true,
    );
    expect(loadConfig(configSchema, { ...valid(), COOKIE_SECURE: 'auto' }).COOKIE_SECURE).toBe(
      'auto',
    );
    expect(loadConfig(configSchema, { ...valid(), TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadConfig(configSchema, { ...valid(), TRUST_PROXY: 'loopback' }).TRUST_PROXY).toBe(
      'loopback',
    );
    expect(problemsOf({ ...valid(), COOKIE_SECURE: 'maybe' })).toContain('COOKIE_SECURE');
  });

  it('when a limit is out of range, then it is named', () => {
    expect(problemsOf({ ...valid(), ACCESS_TOKEN_TTL_SECONDS: '86400' })).toContain(
      'ACCESS_TOKEN_TTL_SECONDS',
    );
    expect(problemsOf({ ...valid(), LOGIN_MAX_FAILURES_PER_ACCOUNT: '0' })).toContain(
      'LOGIN_MAX_FAILURES_PER_ACCOUNT',
    );
    expect(problemsOf({ ...valid(), REGISTER_MAX_PER_CLIENT: '0' })).toContain(
      'REGISTER_MAX_PER_CLIENT',
    );
    expect(problemsOf({ ...valid(), REGISTER_RATE_WINDOW_SECONDS: '90000' })).toContain(
      'REGISTER_RATE_WINDOW_SECONDS',
    );
  });

  it('when the refresh reuse grace is 0, then it is accepted (off); negative, fractional or over a minute, then it is named', () => {
    expect(
      loadConfig(configSchema, { ...valid(), REFRESH_REUSE_GRACE_SECONDS: '0' })
        .REFRESH_REUSE_GRACE_SECONDS,
    ).toBe(0);
    for (const value of ['-1', '1.5', '61', 'soon'])
      expect(problemsOf({ ...valid(), REFRESH_REUSE_GRACE_SECONDS: value })).toContain(
        'REFRESH_REUSE_GRACE_SECONDS',
      );
  });

  it('when a key id has characters outside . _ - and alphanumerics, then it is refused', () => {
    expect(problemsOf({ ...valid(), JWT_KEY_ID: 'a b' })).toContain('JWT_KEY_ID');
  });
});

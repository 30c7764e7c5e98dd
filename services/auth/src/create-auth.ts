import { authApi } from '@podlab/contracts/openapi';
import type { ServiceContext, ServiceParts } from '@podlab/kit';
import { openMysql, pingMysql } from '@podlab/kit/db';
import { currentSchema } from '@podlab/kit/rate-limit';
import { Router } from 'express';
import type { Config } from './config.js';
import { LoginFailureCounters } from './data-access/login-failure-counters.js';
import { migrations } from './data-access/migrations.js';
import { RefreshTokensRepository } from './data-access/refresh-tokens-repository.js';
import { RegistrationCounters } from './data-access/registration-counters.js';
import { UsersRepository } from './data-access/users-repository.js';
import { AccessTokens } from './domain/access-tokens.js';
import { LoginUseCase } from './domain/login-use-case.js';
import { PasswordHasher } from './domain/password-hasher.js';
import { RefreshSessionUseCase } from './domain/refresh-session-use-case.js';
import { RegisterUseCase } from './domain/register-use-case.js';
import { Sessions } from './domain/sessions.js';
import { loadSigningKeys } from './domain/signing-keys.js';
import { authRoutes } from './entry-points/auth-routes.js';
import { jwksRoutes } from './entry-points/jwks-routes.js';
import { RefreshCookie } from './entry-points/refresh-cookie.js';

/** Wires auth: signing keys → database (migrated) → repositories → use cases → routes. */
export async function createAuth(context: ServiceContext<Config>): Promise<ServiceParts> {
  const { config, logger } = context;
  const keys = loadSigningKeys(
    config.JWT_PRIVATE_KEY,
    config.JWT_KEY_ID,
    config.JWT_PREVIOUS_PUBLIC_KEYS,
  );
  const accessTokens = new AccessTokens(keys, {
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
  });

  const pool = await openMysql(config, migrations, context);
  const schema = await currentSchema(pool);
  const users = new UsersRepository(pool);
  const passwords = new PasswordHasher();
  const sessions = new Sessions(accessTokens, new RefreshTokensRepository(pool), {
    ttlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
    reuseGraceSeconds: config.REFRESH_REUSE_GRACE_SECONDS,
  });
  const counters = new LoginFailureCounters(pool, schema, {
    maxPerAccountAndClient: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    maxPerAccount: config.LOGIN_MAX_FAILURES_PER_ACCOUNT_ALL_CLIENTS,
    maxUnknownPerClient: config.LOGIN_MAX_FAILURES_PER_CLIENT,
    windowSeconds: config.LOGIN_RATE_WINDOW_SECONDS,
  });
  const registrations = new RegistrationCounters(pool, schema, {
    maxPerClient: config.REGISTER_MAX_PER_CLIENT,
    windowSeconds: config.REGISTER_RATE_WINDOW_SECONDS,
  });

  const api = Router();
  api.use(jwksRoutes(keys));
  api.use(
    authRoutes({
      register: new RegisterUseCase(users, passwords, registrations),
      login: new LoginUseCase(users, passwords, counters, sessions),
      refresh: new RefreshSessionUseCase(users, sessions),
      sessions,
      users,
      verifier: accessTokens.verifier(),
      cookie: new RefreshCookie(config.COOKIE_SECURE),
    }),
  );
  logger.info({ kid: keys.kid, keys: keys.jwks.keys.length }, 'signing key loaded');
  return {
    openApi: authApi,
    api,
    readiness: { database: () => pingMysql(pool) },
    // Every auth body is a username and a password.
    bodyLimit: '8kb',
    trustProxy: config.TRUST_PROXY,
  };
}

import { generateKeyPairSync } from 'node:crypto';
import {
  REFRESH_COOKIE_NAME,
  authSessionSchema,
  errorResponseSchema,
  type AuthSession,
  type ErrorResponse,
} from '@podlab/contracts';
import type { RunningService } from '@podlab/kit';
import { createTestDatabase, sharedServers, uniqueName, type TestDatabase } from '@podlab/testing';
import { startTestService } from '@podlab/testing/service';
import { afterAll } from 'vitest';
import { configSchema } from '../../src/config.js';
import { createAuth } from '../../src/create-auth.js';

/** A fresh Ed25519 key pair, as `npm start` makes one for development. */
export function testSigningKey(kid = uniqueName('kid')) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    kid,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    privateKey,
    publicJwk: { ...publicKey.export({ format: 'jwk' }), kid },
  };
}

export interface AuthUnderTest {
  service: RunningService;
  database: TestDatabase;
  key: ReturnType<typeof testSigningKey>;
  api: AuthClient;
}

/** One auth on its own database (dropped after the file), or another instance on a given one. */
export async function startAuth(
  env: Record<string, string> = {},
  shared?: { database: TestDatabase; key: ReturnType<typeof testSigningKey> },
): Promise<AuthUnderTest> {
  const database =
    shared?.database ?? (await createTestDatabase(sharedServers().mysqlAdminUrl, 'auth_api'));
  if (!shared) afterAll(() => database.drop());
  const key = shared?.key ?? testSigningKey();
  const service = await startTestService('auth', configSchema, createAuth, {
    MYSQL_URL: database.url,
    JWT_PRIVATE_KEY: key.privateKeyPem,
    JWT_KEY_ID: key.kid,
    TRUST_PROXY: 'loopback',
    // Most files sign many users up from one address; the sign-up limit has its own file.
    REGISTER_MAX_PER_CLIENT: '100000',
    ...env,
  });
  return { service, database, key, api: new AuthClient(service.url) };
}

/** A unique, valid username. */
export const username = (prefix = 'user') => uniqueName(prefix).slice(0, 40);
export const PASSWORD = 'correct horse battery staple';

/** Calls auth the way the frontend does; `client` sets X-Forwarded-For (the auth under test trusts loopback). */
export class AuthClient {
  constructor(readonly url: string) {}

  post(path: string, body?: unknown, headers: Record<string, string> = {}) {
    return fetch(`${this.url}/api/auth${path}`, {
      method: 'POST',
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  register(name: string, password = PASSWORD, client?: string) {
    return this.post(
      '/register',
      { username: name, password },
      client ? { 'x-forwarded-for': client } : {},
    );
  }

  login(name: string, password = PASSWORD, client = '203.0.113.1') {
    return this.post('/login', { username: name, password }, { 'x-forwarded-for': client });
  }

  refresh(refreshToken?: string, headers: Record<string, string> = {}) {
    return this.post('/refresh', undefined, { ...cookieHeader(refreshToken), ...headers });
  }

  logout(refreshToken?: string, headers: Record<string, string> = {}) {
    return this.post('/logout', undefined, { ...cookieHeader(refreshToken), ...headers });
  }

  me(accessToken: string) {
    return fetch(`${this.url}/api/auth/me`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
  }

  /** Registers and signs in a new user: the session and its refresh token. */
  async signedIn(name = username()) {
    expect201(await this.register(name));
    const response = await this.login(
      name,
      PASSWORD,
      `198.51.100.${Math.floor(Math.random() * 250) + 1}`,
    );
    return { name, ...(await sessionOf(response)) };
  }
}

const cookieHeader = (refreshToken?: string): Record<string, string> =>
  refreshToken ? { cookie: `${REFRESH_COOKIE_NAME}=${refreshToken}` } : {};

function expect201(response: Response) {
  if (response.status !== 201) throw new Error(`register answered ${response.status}`);
}

/** The refresh token a response's Set-Cookie carries, with the cookie's attributes. */
export function refreshCookieOf(response: Response) {
  const header = response.headers
    .getSetCookie()
    .find((cookie) => cookie.startsWith(`${REFRESH_COOKIE_NAME}=`));
  if (!header) return undefined;
  const [pair, ...attributes] = header.split(';').map((part) => part.trim());
  return { value: pair.slice(REFRESH_COOKIE_NAME.length + 1), attributes, header };
}

export async function sessionOf(
  response: Response,
): Promise<{ session: AuthSession; refreshToken: string }> {
  if (response.status !== 200)
    throw new Error(`expected 200, got ${response.status}: ${await response.text()}`);
  const session = authSessionSchema.parse(await response.json());
  const cookie = refreshCookieOf(response);
  if (!cookie) throw new Error('no refresh cookie was set');
  return { session, refreshToken: cookie.value };
}

export async function errorOf(response: Response): Promise<ErrorResponse['error']> {
  return errorResponseSchema.parse(await response.json()).error;
}

import { authSessionSchema } from '@podlab/contracts';
import { describe, expect, it } from 'vitest';
import {
  errorOf,
  refreshCookieOf,
  sessionOf,
  startAuth,
  username,
} from './support/auth-test-service.js';

const auth = await startAuth();
const { api } = auth;

describe('POST /api/auth/refresh', () => {
  it('when the cookie holds a live token, then it answers a new session and rotates the cookie', async () => {
    const { session, refreshToken } = await api.signedIn();
    const response = await api.refresh(refreshToken);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const next = await sessionOf(response);
    expect(next.session.user).toEqual(session.user);
    expect(next.refreshToken).not.toBe(refreshToken);
    expect(refreshCookieOf(response)?.attributes).toEqual(
      expect.arrayContaining(['Path=/api/auth', 'HttpOnly', 'SameSite=Strict']),
    );
    expect((await api.me(next.session.accessToken)).status).toBe(200);
  });

  it('when each new token is used in turn, then the chain keeps going', async () => {
    let { refreshToken } = await api.signedIn();
    for (let i = 0; i < 3; i++) {
      const response = await api.refresh(refreshToken);
      expect(response.status).toBe(200);
      refreshToken = (await sessionOf(response)).refreshToken;
    }
  });

  const refused: [string, string | undefined][] = [
    ['no cookie', undefined],
    ['a made-up token', 'A'.repeat(43)],
    ['a malformed token', "'; DROP TABLE refresh_tokens; --"],
    ['an empty cookie', ''],
  ];
  for (const [what, token] of refused) {
    it(`when given ${what}, then it answers 401 INVALID_REFRESH_TOKEN`, async () => {
      const response = await api.refresh(token);
      expect(response.status).toBe(401);
      expect((await errorOf(response)).code).toBe('INVALID_REFRESH_TOKEN');
    });
  }

  it('when a body is sent along, then it is ignored and the cookie decides', async () => {
    const { refreshToken } = await api.signedIn();
    const response = await fetch(`${auth.service.url}/api/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `podlab_refresh=${refreshToken}` },
      body: '{"refreshToken":"x"}',
    });
    expect(authSessionSchema.safeParse(await response.json()).success).toBe(true);
  });
});

describe('POST /api/auth/refresh with an expired token', () => {
  it('when the refresh token outlived REFRESH_TOKEN_TTL_SECONDS, then it answers 401', async () => {
    const shortLived = await startAuth(
      { REFRESH_TOKEN_TTL_SECONDS: '60' },
      { database: auth.database, key: auth.key },
    );
    const { refreshToken } = await shortLived.api.signedIn();
    // Age the row instead of waiting a minute.
    const { createConnection } = await import('mysql2/promise');
    const connection = await createConnection({ uri: auth.database.url });
    await connection.query(
      'UPDATE refresh_tokens SET expires_at = ? WHERE token_hash = UNHEX(SHA2(?, 256))',
      [new Date(Date.now() - 1000), refreshToken],
    );
    await connection.end();
    const response = await shortLived.api.refresh(refreshToken);
    expect(response.status).toBe(401);
    expect((await errorOf(response)).message).toContain('expired');
  });
});

describe('POST /api/auth/logout', () => {
  it('when signed in, then it answers 204, clears the cookie and the refresh token no longer works', async () => {
    const { refreshToken } = await api.signedIn();
    const response = await api.logout(refreshToken);
    expect(response.status).toBe(204);
    const cleared = refreshCookieOf(response);
    expect(cleared?.value).toBe('');
    expect(cleared?.attributes).toContain('Path=/api/auth');
    const after = await api.refresh(refreshToken);
    expect(after.status).toBe(401);
    expect((await errorOf(after)).code).toBe('INVALID_REFRESH_TOKEN');
  });

  it('when a rotated chain signs out with its newest token, then the older ones are dead too', async () => {
    const { refreshToken: first } = await api.signedIn();
    const second = (await sessionOf(await api.refresh(first))).refreshToken;
    expect((await api.logout(second)).status).toBe(204);
    expect((await api.refresh(second)).status).toBe(401);
  });

  it('when there is no cookie or an unknown one, then it still answers 204 (signing out twice is fine)', async () => {
    expect((await api.logout()).status).toBe(204);
    expect((await api.logout('B'.repeat(43))).status).toBe(204);
  });
});

describe('the refresh cookie behind TLS', () => {
  it('when COOKIE_SECURE=true, then the cookie is marked Secure', async () => {
    const secure = await startAuth(
      { COOKIE_SECURE: 'true' },
      { database: auth.database, key: auth.key },
    );
    const name = username('tls');
    await secure.api.register(name);
    const response = await secure.api.login(name);
    expect(response.status).toBe(200);
    expect(refreshCookieOf(response)?.attributes).toContain('Secure');
  });
});

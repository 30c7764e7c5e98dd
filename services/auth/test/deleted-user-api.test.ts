import { createJwtVerifier } from '@podlab/kit/auth';
import { decodeJwt } from 'jose';
import { createConnection } from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { errorOf, startAuth } from './support/auth-test-service.js';

// A short access-token lifetime, as an operator would set to tighten the bound below.
const auth = await startAuth({ ACCESS_TOKEN_TTL_SECONDS: '300' });
const { api } = auth;
const jwksUrl = `${auth.service.url}/api/auth/.well-known/jwks.json`;

async function deleteUser(id: string) {
  const connection = await createConnection({ uri: auth.database.url });
  try {
    await connection.query('DELETE FROM users WHERE id = ?', [id]);
  } finally {
    await connection.end();
  }
}

/**
 * The decision (README "Deleted accounts"): todo and chat verify access tokens offline against
 * the JWKS, so a deleted account's token works there until it expires — at most
 * ACCESS_TOKEN_TTL_SECONDS (≤ 1 h, 15 min by default). auth refuses it at once, and its
 * refresh tokens are deleted with it, so the session cannot be extended.
 */
describe('a deleted account', () => {
  it('when the account is deleted, then /me and refresh refuse it at once', async () => {
    const { session, refreshToken } = await api.signedIn();
    await deleteUser(session.user.id);

    const me = await api.me(session.accessToken);
    expect(me.status).toBe(401);
    expect((await errorOf(me)).message).toContain('no longer exists');
    const refresh = await api.refresh(refreshToken);
    expect(refresh.status).toBe(401);
    expect((await errorOf(refresh)).code).toBe('INVALID_REFRESH_TOKEN');
  });

  it("when the account is deleted, then todo's and chat's offline verifier still accepts its token, but only until it expires: ACCESS_TOKEN_TTL_SECONDS after issue", async () => {
    const { session } = await api.signedIn();
    await deleteUser(session.user.id);

    const verifier = createJwtVerifier({ jwksUrl, issuer: 'podlab-auth', audience: 'podlab' });
    expect(await verifier.verify(session.accessToken)).toMatchObject({ id: session.user.id });
    const claims = decodeJwt(session.accessToken);
    expect(Number(claims.exp) - Number(claims.iat)).toBe(300);
    expect(session.expiresIn).toBe(300);
  });
});

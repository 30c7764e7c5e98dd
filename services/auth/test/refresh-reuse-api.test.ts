import { setTimeout as sleep } from 'node:timers/promises';
import { authSessionSchema } from '@podlab/contracts';
import { describe, expect, it } from 'vitest';
import { errorOf, refreshCookieOf, sessionOf, startAuth } from './support/auth-test-service.js';

// Two replicas with the default grace (10 s) on one database, as the cluster runs them; beside
// them, on the same database, one with no grace and one with a 1 s grace to step past.
const auth = await startAuth();
const shared = { database: auth.database, key: auth.key };
const replica = await startAuth({}, shared);
const strict = await startAuth({ REFRESH_REUSE_GRACE_SECONDS: '0' }, shared);
const brief = await startAuth({ REFRESH_REUSE_GRACE_SECONDS: '1' }, shared);

/** A 200 that keeps the browser signed in: the session body, and the cookie it set, if any. */
async function acceptedRefresh(response: Response) {
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  const session = authSessionSchema.parse(await response.json());
  return { session, cookie: refreshCookieOf(response)?.value };
}

async function expectRefused(response: Response, code: string) {
  expect(response.status).toBe(401);
  expect((await errorOf(response)).code).toBe(code);
}

describe('POST /api/auth/refresh from two tabs at once', () => {
  it('when two replicas get the same token at the same moment, then both answer 200, exactly one sets the successor, and the sign-in lives on', async () => {
    // Several sign-ins racing together, so the pairs really interleave in the database.
    const signIns = await Promise.all(Array.from({ length: 6 }, () => auth.api.signedIn()));
    const pairs = await Promise.all(
      signIns.map(({ refreshToken }) =>
        Promise.all([auth.api.refresh(refreshToken), replica.api.refresh(refreshToken)]),
      ),
    );
    for (const [index, pair] of pairs.entries()) {
      const answers = await Promise.all(pair.map(acceptedRefresh));
      for (const { session } of answers) {
        expect(session.user).toEqual(signIns[index]?.session.user);
        expect((await replica.api.me(session.accessToken)).status).toBe(200);
      }
      const successors = answers.flatMap(({ cookie }) => (cookie ? [cookie] : []));
      expect(successors).toHaveLength(1);
      // The successor the browser now holds keeps the chain going.
      const next = await acceptedRefresh(await auth.api.refresh(successors[0]));
      expect(next.cookie).toBeDefined();
    }
  });

  it('when the same token comes again just after the first answer, then it answers a new access token and no cookie', async () => {
    const { session, refreshToken } = await auth.api.signedIn();
    const first = await acceptedRefresh(await auth.api.refresh(refreshToken));
    expect(first.cookie).toBeDefined();
    const late = await acceptedRefresh(await replica.api.refresh(refreshToken));
    expect(late.cookie).toBeUndefined();
    expect(late.session.user).toEqual(session.user);
    expect(late.session.accessToken).not.toBe(first.session.accessToken);
    expect((await auth.api.me(late.session.accessToken)).status).toBe(200);
    expect((await auth.api.refresh(first.cookie)).status).toBe(200);
  });
});

describe('POST /api/auth/refresh with a reused token', () => {
  it('when a rotated token is used again after the grace, then 401 REFRESH_TOKEN_REUSED and the whole family is revoked', async () => {
    const { refreshToken: first } = await brief.api.signedIn();
    const second = (await sessionOf(await brief.api.refresh(first))).refreshToken;
    await sleep(1_200);

    const reuse = await brief.api.refresh(first);
    await expectRefused(reuse, 'REFRESH_TOKEN_REUSED');
    // The cookie is cleared, and the newest token of the family is dead too.
    expect(refreshCookieOf(reuse)?.header).toMatch(/Expires=Thu, 01 Jan 1970/);
    await expectRefused(await brief.api.refresh(second), 'INVALID_REFRESH_TOKEN');
  });

  it('when the grace is 0, then a second use right away is reuse and revokes the family', async () => {
    const { refreshToken: first } = await strict.api.signedIn();
    const second = (await sessionOf(await strict.api.refresh(first))).refreshToken;
    await expectRefused(await strict.api.refresh(first), 'REFRESH_TOKEN_REUSED');
    await expectRefused(await strict.api.refresh(second), 'INVALID_REFRESH_TOKEN');
  });

  it('when the token is a grandparent (its successor was exchanged too), then it is reuse even within the grace', async () => {
    const { refreshToken: first } = await auth.api.signedIn();
    const second = (await sessionOf(await auth.api.refresh(first))).refreshToken;
    const third = (await sessionOf(await auth.api.refresh(second))).refreshToken;
    await expectRefused(await auth.api.refresh(first), 'REFRESH_TOKEN_REUSED');
    await expectRefused(await auth.api.refresh(third), 'INVALID_REFRESH_TOKEN');
  });

  it('when the sign-in was ended by logout, then a just-rotated token is refused within the grace', async () => {
    const { refreshToken: first } = await auth.api.signedIn();
    const second = (await sessionOf(await auth.api.refresh(first))).refreshToken;
    expect((await auth.api.logout(second)).status).toBe(204);
    await expectRefused(await auth.api.refresh(first), 'INVALID_REFRESH_TOKEN');
    await expectRefused(await auth.api.refresh(second), 'INVALID_REFRESH_TOKEN');
  });

  it("when one family is revoked, then the same user's other sign-ins keep working", async () => {
    const a = await strict.api.signedIn();
    const other = await sessionOf(await strict.api.login(a.name));
    await strict.api.refresh(a.refreshToken);
    await expectRefused(await strict.api.refresh(a.refreshToken), 'REFRESH_TOKEN_REUSED');
    expect((await strict.api.refresh(other.refreshToken)).status).toBe(200);
  });
});

import { describe, expect, it } from 'vitest';
import { PASSWORD, errorOf, startAuth, username } from './support/auth-test-service.js';

// Two replicas on one database, as the cluster runs them; small limits so the test is quick.
const limits = {
  LOGIN_MAX_FAILURES_PER_ACCOUNT: '5',
  LOGIN_MAX_FAILURES_PER_CLIENT: '8',
  LOGIN_RATE_WINDOW_SECONDS: '120',
};
const first = await startAuth(limits);
const second = await startAuth(limits, { database: first.database, key: first.key });
const untrusting = await startAuth(
  { ...limits, TRUST_PROXY: 'false' },
  { database: first.database, key: first.key },
);

let clientSeq = 0;
/** Each test is its own client address (X-Forwarded-For, trusted from loopback here). */
const newClient = () => `192.0.2.${++clientSeq}`;

describe('login rate limits', () => {
  it('when one account gets 5 wrong passwords, then the 6th attempt answers 429 RATE_LIMITED with Retry-After, even with the right password', async () => {
    const name = username('victim');
    await first.api.register(name);
    for (let i = 0; i < 5; i++) {
      // From different addresses: the account's own count does it.
      expect((await first.api.login(name, 'wrong password', newClient())).status).toBe(401);
    }
    const blocked = await first.api.login(name, PASSWORD, newClient());
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(120);
    expect((await errorOf(blocked)).code).toBe('RATE_LIMITED');
  });

  it('when the failures are spread over two replicas, then the counts add up (shared in the database)', async () => {
    const name = username('spread');
    await first.api.register(name);
    const client = newClient();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const replica = i % 2 === 0 ? first : second;
      statuses.push((await replica.api.login(name, 'wrong password', client)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await second.api.login(name, PASSWORD, newClient())).status).toBe(429);
  });

  it('when 20 wrong guesses race in parallel, then no more than the limit reach the password check', async () => {
    const name = username('burst');
    await first.api.register(name);
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? first : second).api
          .login(name, 'wrong password', newClient())
          .then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });

  it('when one client address tries many accounts, then it is limited per address', async () => {
    const client = newClient();
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++)
      statuses.push((await first.api.login(username('spray'), 'guess', client)).status);
    expect(statuses.slice(0, 8).every((s) => s === 401)).toBe(true);
    expect(statuses[8]).toBe(429);
    // Another address is not affected.
    expect((await second.api.login(username('spray'), 'guess', newClient())).status).toBe(401);
  });

  it('when a sign-in succeeds, then the account count starts afresh', async () => {
    const name = username('forgetful');
    await first.api.register(name);
    for (let i = 0; i < 4; i++) await first.api.login(name, 'wrong password', newClient());
    expect((await first.api.login(name, PASSWORD, newClient())).status).toBe(200);
    for (let i = 0; i < 5; i++) {
      expect((await second.api.login(name, 'wrong password', newClient())).status).toBe(401);
    }
  });

  it('when TRUST_PROXY is false, then X-Forwarded-For is ignored and the socket address is counted', async () => {
    const statuses: number[] = [];
    // Every request claims another address; all come from 127.0.0.1.
    for (let i = 0; i < 9; i++)
      statuses.push((await untrusting.api.login(username('spoof'), 'guess', newClient())).status);
    expect(statuses[8]).toBe(429);
  });
});

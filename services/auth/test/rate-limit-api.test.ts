import { describe, expect, it } from 'vitest';
import { PASSWORD, errorOf, startAuth, username } from './support/auth-test-service.js';

// Two replicas on one database, as the cluster runs them; small limits so the test is quick.
const limits = {
  LOGIN_MAX_FAILURES_PER_ACCOUNT: '5',
  LOGIN_MAX_FAILURES_PER_ACCOUNT_ALL_CLIENTS: '12',
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
/** Each call is another client address (X-Forwarded-For, trusted from loopback here). */
const newClient = () => `192.0.2.${++clientSeq}`;

async function registered(prefix: string) {
  const name = username(prefix);
  expect((await first.api.register(name)).status).toBe(201);
  return name;
}

describe('login limits per (account, client)', () => {
  it('when a client gets 5 wrong passwords for an account, then its 6th attempt answers 429 RATE_LIMITED with Retry-After, even with the right password', async () => {
    const name = await registered('guessed');
    const attacker = newClient();
    for (let i = 0; i < 5; i++)
      expect((await first.api.login(name, 'wrong password', attacker)).status).toBe(401);
    const blocked = await first.api.login(name, PASSWORD, attacker);
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(120);
    expect((await errorOf(blocked)).code).toBe('RATE_LIMITED');
  });

  it("when an attacker keeps failing on someone's account, then the owner still signs in from another address", async () => {
    const name = await registered('victim');
    const attacker = newClient();
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++)
      statuses.push((await first.api.login(name, 'wrong password', attacker)).status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    expect((await second.api.login(name, PASSWORD, newClient())).status).toBe(200);
    // And the attacker is still refused.
    expect((await first.api.login(name, PASSWORD, attacker)).status).toBe(429);
  });

  it('when the failures are spread over two replicas, then the counts add up (shared in the database)', async () => {
    const name = await registered('spread');
    const client = newClient();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const replica = i % 2 === 0 ? first : second;
      statuses.push((await replica.api.login(name, 'wrong password', client)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await second.api.login(name, PASSWORD, client)).status).toBe(429);
  });

  it('when 20 wrong guesses from one client race in parallel, then no more than the limit reach the password check', async () => {
    const name = await registered('burst');
    const client = newClient();
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? first : second).api.login(name, 'wrong password', client).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });

  it("when a sign-in succeeds, then that client's count for the account starts afresh", async () => {
    const name = await registered('forgetful');
    const client = newClient();
    for (let i = 0; i < 4; i++) await first.api.login(name, 'wrong password', client);
    expect((await first.api.login(name, PASSWORD, client)).status).toBe(200);
    for (let i = 0; i < 5; i++)
      expect((await second.api.login(name, 'wrong password', client)).status).toBe(401);
  });
});

describe('login limit per account over all clients', () => {
  it('when many addresses fail on one account, then it is refused past the account-wide limit (12 here), which one client cannot reach', async () => {
    const name = await registered('distributed');
    const statuses: number[] = [];
    // Three addresses, each up to its own pair limit: 15 failures in all.
    for (const client of [newClient(), newClient(), newClient()])
      for (let i = 0; i < 5; i++)
        statuses.push((await first.api.login(name, 'wrong password', client)).status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(12);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
    expect((await second.api.login(name, PASSWORD, newClient())).status).toBe(429);
  });
});

describe('login failures for names that do not exist', () => {
  it('when one client address tries many unknown names, then it is limited per address', async () => {
    const client = newClient();
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++)
      statuses.push((await first.api.login(username('spray'), 'guess', client)).status);
    expect(statuses.slice(0, 8).every((s) => s === 401)).toBe(true);
    expect(statuses[8]).toBe(429);
    // Another address is not affected.
    expect((await second.api.login(username('spray'), 'guess', newClient())).status).toBe(401);
  });

  it('when a client keeps failing on one name, then it gets 429 after the pair limit whether the name exists or not', async () => {
    const real = await registered('exists');
    const ghost = username('ghost');
    const client = newClient();
    const answers = { real: [] as number[], ghost: [] as number[] };
    for (let i = 0; i < 6; i++) {
      answers.real.push((await first.api.login(real, 'wrong password', client)).status);
      answers.ghost.push((await first.api.login(ghost, 'wrong password', client)).status);
    }
    expect(answers.real).toEqual([401, 401, 401, 401, 401, 429]);
    expect(answers.ghost).toEqual(answers.real);
  });

  it('when a client is limited for unknown names, then it gets 429 for existing names too (a 401 would tell them apart)', async () => {
    const name = await registered('hidden');
    const client = newClient();
    for (let i = 0; i < 8; i++) await first.api.login(username('probe'), 'guess', client);
    expect((await first.api.login(name, 'wrong password', client)).status).toBe(429);
  });

  it('when many clients fail on unknown names, then no real account is locked, and a name registered later starts with no failures', async () => {
    const later = username('later');
    const real = await registered('real');
    for (let i = 0; i < 15; i++) {
      const client = newClient();
      expect((await first.api.login(later, 'guess', client)).status).toBe(401);
      expect((await first.api.login(`${real}x`, 'guess', client)).status).toBe(401);
    }
    expect((await first.api.login(real, PASSWORD, newClient())).status).toBe(200);
    expect((await first.api.register(later)).status).toBe(201);
    expect((await second.api.login(later, PASSWORD, newClient())).status).toBe(200);
  });

  it('when TRUST_PROXY is false, then X-Forwarded-For is ignored and the socket address is counted', async () => {
    const statuses: number[] = [];
    // Every request claims another address; all come from 127.0.0.1.
    for (let i = 0; i < 9; i++)
      statuses.push((await untrusting.api.login(username('spoof'), 'guess', newClient())).status);
    expect(statuses[8]).toBe(429);
  });
});

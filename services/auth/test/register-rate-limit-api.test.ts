import { describe, expect, it } from 'vitest';
import { PASSWORD, errorOf, startAuth, username } from './support/auth-test-service.js';

// Two replicas on one database, as the cluster runs them; a small limit so the test is quick.
const limits = { REGISTER_MAX_PER_CLIENT: '3', REGISTER_RATE_WINDOW_SECONDS: '120' };
const first = await startAuth(limits);
const shared = { database: first.database, key: first.key };
const second = await startAuth(limits, shared);
const untrusting = await startAuth({ ...limits, TRUST_PROXY: 'false' }, shared);

let clientSeq = 0;
/** Each test is its own client address (X-Forwarded-For, trusted from loopback here). */
const newClient = () => `192.0.2.${++clientSeq}`;

const signUp = (replica: typeof first, client: string, name = username('signup')) =>
  replica.api.register(name, PASSWORD, client).then((r) => r.status);

describe('POST /api/auth/register rate limit', () => {
  it('when one address signs up 3 times, then the 4th answers 429 RATE_LIMITED with Retry-After in the usual error shape', async () => {
    const client = newClient();
    for (let i = 0; i < 3; i++) expect(await signUp(first, client)).toBe(201);

    const blocked = await first.api.register(username('signup'), PASSWORD, client);
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(120);
    expect(blocked.headers.get('content-type')).toContain('application/json');
    const error = await errorOf(blocked);
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.message).toBe(`Too many sign-ups from this address; retry in ${retryAfter} s`);
    expect(error.correlationId).toBe(blocked.headers.get('x-correlation-id'));
  });

  it('when one address is blocked, then another address behind the trusted proxy still signs up', async () => {
    const blocked = newClient();
    for (let i = 0; i < 4; i++) await signUp(first, blocked);
    expect(await signUp(first, blocked)).toBe(429);
    expect(await signUp(first, newClient())).toBe(201);
  });

  it('when the sign-ups are spread over two replicas, then the counts add up (shared in the database)', async () => {
    const client = newClient();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push(await signUp(i % 2 === 0 ? first : second, client));
    expect(statuses).toEqual([201, 201, 201, 429]);
    expect(await signUp(second, client)).toBe(429);
  });

  it('when 10 sign-ups from one address race over two replicas, then exactly 3 get through', async () => {
    const client = newClient();
    const statuses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => signUp(i % 2 ? first : second, client)),
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  it('when a name is taken, then the attempt still counts (it costs a hash and probes a name)', async () => {
    const client = newClient();
    const name = username('taken');
    expect(await signUp(first, client, name)).toBe(201);
    expect(await signUp(first, client, name)).toBe(409);
    expect(await signUp(second, client, name)).toBe(409);
    expect(await signUp(first, client)).toBe(429);
  });

  it('when the body is invalid, then the 400 does not count', async () => {
    const client = newClient();
    for (let i = 0; i < 5; i++) {
      const response = await first.api.post(
        '/register',
        { username: 'x', password: 'short' },
        { 'x-forwarded-for': client },
      );
      expect(response.status).toBe(400);
    }
    expect(await signUp(first, client)).toBe(201);
  });

  it('when TRUST_PROXY is false, then X-Forwarded-For is ignored and the socket address is counted', async () => {
    const statuses: number[] = [];
    // Every request claims another address; all come from 127.0.0.1.
    for (let i = 0; i < 4; i++) statuses.push(await signUp(untrusting, newClient()));
    expect(statuses).toEqual([201, 201, 201, 429]);
  });
});

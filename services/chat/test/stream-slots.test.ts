import { createLogger, Lifecycle } from '@podlab/kit';
import { createMysqlPool, runMigrations } from '@podlab/kit/db';
import { createTestDatabase, sharedServers, uniqueName } from '@podlab/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from '../src/data-access/migrations.js';
import { StreamSlotsRepository } from '../src/data-access/stream-slots-repository.js';
import { StreamQuota, STREAM_LEASE_MS } from '../src/domain/stream-quota.js';

// The slot table on its own, with the clock in the test's hands: leases run out without waiting.
const logger = createLogger({ service: 'chat-test', level: 'silent', format: 'json' });
const database = await createTestDatabase(sharedServers().mysqlAdminUrl, 'chat_slots');
const lifecycle = new Lifecycle({ logger, shutdownDelayMs: 0, shutdownTimeoutMs: 5_000 });
// Two pools: two replicas, each with its own connections.
const pools = [createMysqlPool(database.url, lifecycle), createMysqlPool(database.url, lifecycle)];
afterAll(async () => {
  await lifecycle.shutdown('test over');
  await database.drop();
});
await runMigrations(pools[0]!, migrations, logger);
const [replicaA, replicaB] = pools.map((pool) => new StreamSlotsRepository(pool)) as [
  StreamSlotsRepository,
  StreamSlotsRepository,
];

const T0 = 1_800_000_000_000;
const LEASE = 60_000;

describe('stream slots', () => {
  it('when a user holds every slot, then the next claim fails until one is released', async () => {
    const user = uniqueName('u');
    expect(await replicaA.claim(user, 'h1', 2, T0, T0 + LEASE)).toBe(true);
    expect(await replicaB.claim(user, 'h2', 2, T0, T0 + LEASE)).toBe(true);
    expect(await replicaA.claim(user, 'h3', 2, T0 + 1, T0 + 1 + LEASE)).toBe(false);
    await replicaB.release(user, 'h2');
    expect(await replicaA.claim(user, 'h3', 2, T0 + 2, T0 + 2 + LEASE)).toBe(true);
  });

  it('when a replica died holding slots, then they free themselves once the lease is past, not before', async () => {
    const user = uniqueName('u');
    await replicaA.claim(user, 'dead-1', 1, T0, T0 + LEASE);
    expect(await replicaB.claim(user, 'h2', 1, T0 + LEASE - 1, T0 + 2 * LEASE)).toBe(false);
    expect(await replicaB.claim(user, 'h2', 1, T0 + LEASE, T0 + 2 * LEASE)).toBe(true);
  });

  it('when a lease is renewed, then it holds past its first end', async () => {
    const user = uniqueName('u');
    await replicaA.claim(user, 'live-1', 1, T0, T0 + LEASE);
    await replicaA.renew(['live-1'], T0 + 2 * LEASE);
    expect(await replicaB.claim(user, 'h2', 1, T0 + LEASE + 1, T0 + 3 * LEASE)).toBe(false);
    expect(await replicaB.soonestExpiry(user, 1)).toBe(T0 + 2 * LEASE);
  });

  it('when many streams of one user are claimed at once on two replicas, then exactly the cap get a slot', async () => {
    const user = uniqueName('u');
    const claims = Array.from({ length: 24 }, (_, i) =>
      (i % 2 ? replicaA : replicaB).claim(user, `c${i}`, 3, T0, T0 + LEASE),
    );
    const granted = (await Promise.all(claims)).filter(Boolean);
    expect(granted).toHaveLength(3);
  });

  it('when the cap is lowered, then slots above it no longer count', async () => {
    const user = uniqueName('u');
    for (const holder of ['a', 'b', 'c']) await replicaA.claim(user, holder, 3, T0, T0 + LEASE);
    await replicaA.release(user, 'a');
    // Cap 1: slot 0 (released) is the only one that counts.
    expect(await replicaB.claim(user, 'd', 1, T0, T0 + LEASE)).toBe(true);
    expect(await replicaB.claim(user, 'e', 1, T0, T0 + LEASE)).toBe(false);
  });

  it('when user ids differ only in case or accents, then each has slots of their own', async () => {
    const base = uniqueName('user');
    for (const user of [base, base.toUpperCase(), `${base}é`, `${base}e`])
      expect(await replicaA.claim(user, uniqueName('h'), 1, T0, T0 + LEASE)).toBe(true);
  });
});

describe('StreamQuota', () => {
  it('when the cap is reached, then acquire answers 429 TOO_MANY_STREAMS with a Retry-After no longer than the lease', async () => {
    let now = T0;
    const quota = new StreamQuota(replicaA, 1, logger, () => now);
    const user = { id: uniqueName('u'), username: 'ada' };
    const slot = await quota.acquire(user);
    now += 10_000;
    const refused = await quota.acquire(user).catch((error: unknown) => error);
    expect(refused).toMatchObject({
      status: 429,
      code: 'TOO_MANY_STREAMS',
      retryAfterSeconds: (STREAM_LEASE_MS - 10_000) / 1000,
    });
    quota.release(slot);
    await quota.close();
    expect(await quota.acquire(user)).toMatchObject({ userId: user.id });
    expect(quota.open).toBe(1);
  });
});

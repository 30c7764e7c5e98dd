import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Lifecycle } from '../../src/lifecycle/lifecycle.js';
import {
  createKubernetesLeaseApi,
  LeaderElector,
  microTime,
  readInClusterConnection,
  runWhileLeader,
  type LeaderElectorOptions,
} from '../../src/leader/index.js';
import {
  selfSignedCertificate,
  startFakeKubernetesApi,
  type FakeKubernetesApi,
} from './fake-kubernetes-api.js';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const NAMESPACE = 'podlab';
const LEASE = 'housekeeping';
const certificate = selfSignedCertificate();
const otherCertificate = certificate && selfSignedCertificate();
if (!certificate) console.warn('openssl not found: the fake Kubernetes API runs over plain http');

let api: FakeKubernetesApi;
const cleanups: (() => Promise<void> | void)[] = [];

beforeEach(async () => {
  api = await startFakeKubernetesApi({ namespace: NAMESPACE, tls: certificate });
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await api.close();
});

/** A pod's service-account folder: token, namespace and the CA the API server's certificate chains to. */
function serviceAccountDir(token: string, ca = certificate?.cert): string {
  const dir = mkdtempSync(join(tmpdir(), 'fake-sa-'));
  writeFileSync(join(dir, 'token'), `${token}\n`);
  writeFileSync(join(dir, 'namespace'), NAMESPACE);
  if (ca) writeFileSync(join(dir, 'ca.crt'), ca);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The pod's environment: where the `kubernetes` Service points. */
const podEnv = () => ({ KUBERNETES_SERVICE_HOST: api.host, KUBERNETES_SERVICE_PORT: api.port });

/** The lease API a pod builds, through the same in-cluster code path as production. */
async function inClusterApi(dir: string) {
  const found = await readInClusterConnection(dir, podEnv());
  if (!found.inCluster) throw new Error(found.reason);
  const connection = certificate
    ? found.connection
    : { ...found.connection, baseUrl: found.connection.baseUrl.replace('https:', 'http:') };
  return createKubernetesLeaseApi({ ...connection, timeoutMs: 300 });
}

type Timing = Pick<
  LeaderElectorOptions,
  'leaseDurationSeconds' | 'retryPeriodMs' | 'renewDeadlineMs'
>;
const fast: Timing = { leaseDurationSeconds: 1, retryPeriodMs: 100, renewDeadlineMs: 600 };

/** An elector for one pod, with its transitions recorded; stopped after the test. */
async function pod(identity: string, timing: Timing = fast) {
  const token = `token-${identity}`;
  api.accept(token);
  const dir = serviceAccountDir(token);
  const events: string[] = [];
  const elector = new LeaderElector({
    api: await inClusterApi(dir),
    leaseName: LEASE,
    identity,
    logger,
    ...timing,
    onStartedLeading: () => void events.push('started'),
    onStoppedLeading: () => void events.push('stopped'),
  });
  cleanups.push(() => elector.stop());
  return { identity, token, dir, events, elector };
}

/** Samples who leads every 10 ms, failing if two ever lead at once. */
function watchLeaders(...electors: LeaderElector[]) {
  let overlap = 0;
  const timer = setInterval(() => {
    if (electors.filter((e) => e.isLeader).length > 1) overlap++;
  }, 10);
  cleanups.push(() => clearInterval(timer));
  return { overlaps: () => overlap };
}

/** The lease as the fake API server stores it. */
function storedLease() {
  const lease = api.lease(LEASE);
  if (!lease) throw new Error(`lease ${LEASE} does not exist`);
  return lease;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const poll = { timeout: 3_000, interval: 10 };

describe('LeaderElector against a fake Kubernetes API', () => {
  it('when two replicas start together, then exactly one leads and the lease names it', async () => {
    const a = await pod('pod-a');
    const b = await pod('pod-b');
    const watch = watchLeaders(a.elector, b.elector);
    a.elector.start();
    b.elector.start();
    await expect.poll(() => a.elector.isLeader || b.elector.isLeader, poll).toBe(true);
    await sleep(500); // several renewals
    const leader = a.elector.isLeader ? a : b;
    const follower = leader === a ? b : a;
    expect(follower.elector.isLeader).toBe(false);
    expect(api.lease(LEASE)?.spec.holderIdentity).toBe(leader.identity);
    expect(leader.events).toEqual(['started']);
    expect(follower.events).toEqual([]);
    expect(watch.overlaps()).toBe(0);
  });

  it('when the leader cannot renew, then it steps down first and the other takes over after the lease expires', async () => {
    const a = await pod('pod-a');
    a.elector.start();
    await expect.poll(() => a.elector.isLeader, poll).toBe(true);
    const b = await pod('pod-b');
    b.elector.start();
    await sleep(300);
    expect(b.elector.isLeader).toBe(false);
    const watch = watchLeaders(a.elector, b.elector);

    const lastRenewal = Date.parse(storedLease().spec.renewTime ?? '');
    expect(lastRenewal).toBeGreaterThan(0);
    api.cut(a.token);
    await expect.poll(() => a.elector.isLeader, poll).toBe(false);
    await expect.poll(() => b.elector.isLeader, poll).toBe(true);
    // b saw a's last renewal at most one retry period after it happened, then waited a full lease duration.
    expect(Date.now() - lastRenewal).toBeGreaterThanOrEqual(1_000);
    expect(a.events).toEqual(['started', 'stopped']);
    expect(api.lease(LEASE)?.spec).toMatchObject({ holderIdentity: 'pod-b', leaseTransitions: 1 });
    expect(watch.overlaps()).toBe(0);
  });

  it('when the leader shuts down, then it releases the lease and the other takes over without waiting for expiry', async () => {
    const slow: Timing = { leaseDurationSeconds: 10, retryPeriodMs: 100, renewDeadlineMs: 5_000 };
    const a = await pod('pod-a', slow);
    a.elector.start();
    await expect.poll(() => a.elector.isLeader, poll).toBe(true);
    const b = await pod('pod-b', slow);
    b.elector.start();
    await sleep(300);

    const stopping = Date.now();
    await a.elector.stop();
    expect(a.events).toEqual(['started', 'stopped']);
    const release = api.requests.find(
      (r) => r.token === a.token && r.method === 'PUT' && r.body?.spec.holderIdentity === '',
    );
    expect(release?.status).toBe(200);
    await expect.poll(() => b.elector.isLeader, poll).toBe(true);
    expect(Date.now() - stopping).toBeLessThan(1_000); // the lease would have run for 10 s
    expect(api.lease(LEASE)?.spec.holderIdentity).toBe('pod-b');
  });

  it('when someone else writes the lease between our read and our write, then we get 409 and stay a follower', async () => {
    const other = {
      apiVersion: 'coordination.k8s.io/v1' as const,
      kind: 'Lease' as const,
      metadata: { name: LEASE },
      spec: { holderIdentity: '', leaseDurationSeconds: 10 },
    };
    api.put(other); // released: free to take
    const a = await pod('pod-a');
    api.afterNextGetBy(a.token, () =>
      api.put({
        ...other,
        spec: {
          holderIdentity: 'pod-z',
          leaseDurationSeconds: 10,
          renewTime: microTime(new Date()),
        },
      }),
    );
    a.elector.start();
    await expect
      .poll(() => api.requests.some((r) => r.token === a.token && r.status === 409), poll)
      .toBe(true);
    await sleep(300);
    expect(a.elector.isLeader).toBe(false);
    expect(a.events).toEqual([]);
    expect(api.lease(LEASE)?.spec.holderIdentity).toBe('pod-z');
  });

  it('when the leader’s renewal gets 409, then it steps down at once instead of at the renew deadline', async () => {
    const slow: Timing = { leaseDurationSeconds: 10, retryPeriodMs: 100, renewDeadlineMs: 5_000 };
    const a = await pod('pod-a', slow);
    a.elector.start();
    await expect.poll(() => a.elector.isLeader, poll).toBe(true);
    const current = storedLease();
    const hijacked = Date.now();
    api.afterNextGetBy(a.token, () =>
      api.put({ ...current, spec: { ...current.spec, holderIdentity: 'pod-z' } }),
    );
    await expect.poll(() => a.elector.isLeader, poll).toBe(false);
    expect(Date.now() - hijacked).toBeLessThan(1_000);
    expect(
      api.requests.some((r) => r.token === a.token && r.method === 'PUT' && r.status === 409),
    ).toBe(true);
    expect(a.events).toEqual(['started', 'stopped']);
  });

  it('when the token file is rotated and the old token revoked, then renewals carry the new token and the leader keeps the lease', async () => {
    const a = await pod('pod-a');
    a.elector.start();
    await expect.poll(() => a.elector.isLeader, poll).toBe(true);
    api.accept('token-rotated');
    writeFileSync(join(a.dir, 'token'), 'token-rotated\n');
    api.revoke(a.token);
    const rotatedAt = api.requests.length;
    await sleep(500);
    const after = api.requests.slice(rotatedAt);
    expect(
      after.filter((r) => r.token === 'token-rotated' && r.method === 'PUT' && r.status === 200)
        .length,
    ).toBeGreaterThanOrEqual(2);
    expect(after.filter((r) => r.status === 401).length).toBeLessThanOrEqual(1); // at most the request in flight
    expect(a.elector.isLeader).toBe(true);
    expect(a.events).toEqual(['started']);
  });

  it.skipIf(!certificate)(
    'when the API server’s certificate does not chain to the mounted CA, then no request succeeds and nobody leads',
    async () => {
      api.accept('token-x');
      if (!otherCertificate) throw new Error('openssl made one certificate but not two');
      const dir = serviceAccountDir('token-x', otherCertificate.cert);
      const elector = new LeaderElector({
        api: await inClusterApi(dir),
        leaseName: LEASE,
        identity: 'pod-x',
        logger,
        ...fast,
      });
      cleanups.push(() => elector.stop());
      elector.start();
      await sleep(400);
      expect(elector.isLeader).toBe(false);
      expect(api.requests).toHaveLength(0);
      expect(api.lease(LEASE)).toBeUndefined();
    },
  );
});

describe('runWhileLeader', () => {
  const context = (pod: string) => {
    const registry = new Registry();
    const lifecycle = new Lifecycle({ logger, shutdownDelayMs: 0, shutdownTimeoutMs: 5_000 });
    cleanups.push(() => void lifecycle.shutdown('test over'));
    return { pod, logger, lifecycle, registry };
  };
  const gauge = async (registry: Registry) =>
    (await registry.getSingleMetric('leader_is_leader')?.get())?.values.find(
      (v) => v.labels.lease === LEASE,
    )?.value;

  it('when outside a cluster, then it acts as leader at once and stops the task on shutdown', async () => {
    const ctx = context('laptop');
    const seen: string[] = [];
    const leadership = await runWhileLeader(
      ctx,
      { leaseName: LEASE, serviceAccountDir: join(tmpdir(), 'no-such-service-account'), env: {} },
      async (signal) => {
        seen.push('running');
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
        seen.push('aborted');
      },
    );
    expect(leadership).toMatchObject({ isLeader: true, inCluster: false });
    expect(seen).toEqual(['running']);
    expect(await gauge(ctx.registry)).toBe(1);
    expect(await ctx.lifecycle.shutdown('test')).toBe(true);
    expect(seen).toEqual(['running', 'aborted']);
    expect(leadership.isLeader).toBe(false);
    expect(await gauge(ctx.registry)).toBe(0);
  });

  it('when a leader shuts down mid-task, then the task ends before the lease is released', async () => {
    api.accept('token-pod-a');
    const ctx = context('pod-a');
    let taskEnded = 0;
    const dir = serviceAccountDir('token-pod-a');
    // With TLS, through the in-cluster discovery itself; without, the same API over http.
    const where = certificate
      ? { serviceAccountDir: dir, env: podEnv() }
      : { api: await inClusterApi(dir) };
    const leadership = await runWhileLeader(
      ctx,
      { leaseName: LEASE, ...where, ...fast },
      async (signal) => {
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
        await sleep(200); // finishing the current chunk of work
        taskEnded = Date.now();
      },
    );
    expect(leadership.inCluster).toBe(true);
    await expect.poll(() => leadership.isLeader, poll).toBe(true);
    expect(await gauge(ctx.registry)).toBe(1);

    await ctx.lifecycle.shutdown('test');
    const release = api.requests.find(
      (r) => r.method === 'PUT' && r.body?.spec.holderIdentity === '',
    );
    expect(release?.status).toBe(200);
    expect(taskEnded).toBeGreaterThan(0);
    expect(release?.at ?? 0).toBeGreaterThanOrEqual(taskEnded);
    expect(await gauge(ctx.registry)).toBe(0);
  });
});

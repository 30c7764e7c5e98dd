import { mkdirSync, mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AMQP_URL_ENV,
  createTestDatabase,
  MYSQL_ADMIN_URL_ENV,
  startMariaDb,
  startRabbitMq,
  uniqueName,
  waitFor,
  type KubernetesControlPlane,
} from '@podlab/testing';
import type { BuiltService } from '@podlab/testing/built-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane } from './support/control-plane.js';
import { spawnWithServiceAccount } from './support/host-service.js';
import { copyManifests } from './support/learner-setups.js';

// Test 6: the consumer's leader election against the real API server. Two consumer processes
// on the host, each with its own token from the TokenRequest API for the ServiceAccount the
// manifests create, under exactly the RBAC the manifests grant it: one holds the Lease; killed,
// the other takes over within the lease duration; without the RoleBinding, the log says so,
// housekeeping stops and messages keep flowing.

const LEASE = 'consumer-housekeeping';
let plane: KubernetesControlPlane;
let manifests: ReturnType<typeof copyManifests>;
let work: string;
const consumers = new Map<string, BuiltService>();
let producer: BuiltService;

interface Lease {
  spec: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
  };
}
const lease = async (): Promise<Lease | undefined> => {
  const got = await plane.kubectl(['get', 'lease', LEASE, '-n', 'podlab', '-o', 'json'], {
    allowFailure: true,
  });
  return got.code === 0 ? (JSON.parse(got.stdout) as Lease) : undefined;
};

/** A pod's service-account folder: a TokenRequest token for ServiceAccount consumer, the namespace, the CA. */
async function serviceAccountDir(pod: string): Promise<string> {
  const dir = join(work, pod);
  mkdirSync(dir, { recursive: true });
  const token = (
    await plane.kubectl(['create', 'token', 'consumer', '-n', 'podlab', '--duration=1h'])
  ).stdout.trim();
  writeFileSync(join(dir, 'token'), token);
  writeFileSync(join(dir, 'namespace'), 'podlab');
  copyFileSync(plane.pki.caCert, join(dir, 'ca.crt'));
  return dir;
}

beforeAll(async () => {
  // The run's shared RabbitMQ and MariaDB when another project's global setup started them (npm
  // test), else private ones: only this file of the project needs them.
  let amqpUrl = process.env[AMQP_URL_ENV];
  let adminUrl = process.env[MYSQL_ADMIN_URL_ENV];
  if (!amqpUrl || !adminUrl) {
    const [broker, database] = await Promise.all([
      startRabbitMq({ name: 'leader' }),
      startMariaDb({ name: 'leader' }),
    ]);
    afterAll(() => Promise.all([broker.dispose(), database.dispose()]));
    [amqpUrl, adminUrl] = [broker.url, database.adminUrl];
  }
  manifests = copyManifests();
  work = mkdtempSync(join(tmpdir(), 'podlab-leader-'));
  plane = await startControlPlane('leader-election');
  // The consumer's ServiceAccount, Role and RoleBinding exactly as the default set-up applies them.
  await plane.kubectl(['apply', '-k', join(manifests.dir, 'kustomize')]);
  const database = await createTestDatabase(adminUrl, 'leader');
  afterAll(() => database.drop());
  const queue = uniqueName('leader');
  const common = { AMQP_URL: amqpUrl, AMQP_QUEUE: queue, AMQP_EXCHANGE: `${queue}.x` };
  const port = new URL(plane.server).port;
  for (const pod of ['consumer-a', 'consumer-b']) {
    consumers.set(
      pod,
      await spawnWithServiceAccount(
        'consumer',
        {
          ...common,
          MYSQL_URL: database.url,
          POD_NAME: pod,
          HOUSEKEEPING_INTERVAL_SECONDS: '1',
          // Each housekeeping run logs at debug ("pruned 0"): the test counts them.
          LOG_LEVEL: 'debug',
          KUBERNETES_SERVICE_HOST: '127.0.0.1',
          KUBERNETES_SERVICE_PORT: port,
        },
        await serviceAccountDir(pod),
      ),
    );
  }
  producer = await spawnWithServiceAccount('producer', { ...common, POD_NAME: 'producer-a' });
});

afterAll(async () => {
  for (const service of [...consumers.values(), producer]) service?.child.kill('SIGKILL');
  await plane?.dispose();
  manifests?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
});

const processed = async (service: BuiltService): Promise<number> =>
  ((await (await fetch(`${service.url}/api/consumer/stats`)).json()) as { processed: number })
    .processed;

describe('when two consumers elect a housekeeping leader through the real API server', () => {
  let first: string;

  it('then one of them holds the Lease and the other says who does', async () => {
    const holder = await waitFor(
      'a consumer to hold the lease',
      async () => (await lease())?.spec.holderIdentity,
      {
        timeoutMs: 60_000,
        intervalMs: 500,
      },
    );
    expect(['consumer-a', 'consumer-b']).toContain(holder);
    first = holder;
    const other = [...consumers.keys()].find((pod) => pod !== holder) as string;
    await waitFor(`${other} to log that ${holder} leads`, () =>
      consumers.get(other)?.logs.some((line) => line.includes(`is held by ${holder}`)),
    );
  });

  it('then, the leader killed, the other takes the Lease over within the lease duration', async () => {
    const before = (await lease())?.spec as Lease['spec'];
    consumers.get(first)?.child.kill('SIGKILL');
    const survivor = [...consumers.keys()].find((pod) => pod !== first) as string;
    const after = await waitFor(
      'the survivor to take the lease',
      async () => {
        const spec = (await lease())?.spec;
        return spec?.holderIdentity === survivor ? spec : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    // Measured on the Lease itself (the API server's clock), not on this busy machine's timers:
    // the takeover comes after the last renewal by at most the duration plus one retry period.
    const gapSeconds =
      (Date.parse(after.acquireTime as string) - Date.parse(before.renewTime as string)) / 1000;
    const duration = before.leaseDurationSeconds as number;
    expect(gapSeconds).toBeLessThanOrEqual(duration + duration / 3 + 1);
  });

  it('then, its RoleBinding deleted, the leader says why, stops housekeeping, and messages keep flowing', async () => {
    const survivor = [...consumers.entries()].find(([pod]) => pod !== first)?.[1] as BuiltService;
    await plane.kubectl(['delete', 'rolebinding', 'consumer-leader-election', '-n', 'podlab']);
    await waitFor(
      'the log to name the refused Lease request',
      () =>
        survivor.logs.some(
          (line) => line.includes('403') && line.includes('check the Role and RoleBinding'),
        ),
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    await waitFor(
      'the consumer to stop leading',
      () =>
        survivor.logs.some((line) =>
          /stopped leading lease .*could not renew the lease/.test(line),
        ),
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    const housekeepingRuns = () =>
      survivor.logs.filter((line) => line.includes('housekeeping: pruned')).length;
    const runsWhenStopped = housekeepingRuns();
    const before = await processed(survivor);
    const sent = await fetch(`${producer.url}/api/producer/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: 50 }),
    });
    expect(sent.status).toBe(202);
    await waitFor(
      'the 50 messages to be processed',
      async () => (await processed(survivor)) >= before + 50,
      {
        timeoutMs: 60_000,
        intervalMs: 500,
      },
    );
    expect(housekeepingRuns()).toBe(runsWhenStopped);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readInClusterConnection } from './in-cluster.js';
import { microTime } from './lease-api.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function serviceAccountDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sa-spec-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

describe('readInClusterConnection', () => {
  it('when there is no token, then it is not in a cluster and nothing looks like a pod', async () => {
    const result = await readInClusterConnection(serviceAccountDir({}), {});
    expect(result).toMatchObject({ inCluster: false, partly: false });
  });

  it('when KUBERNETES_SERVICE_HOST is set but no token is mounted, then it reports a half-configured pod', async () => {
    const result = await readInClusterConnection(serviceAccountDir({}), {
      KUBERNETES_SERVICE_HOST: '10.0.0.1',
      KUBERNETES_SERVICE_PORT: '443',
    });
    expect(result).toMatchObject({ inCluster: false, partly: true });
    expect(!result.inCluster && result.reason).toContain('automountServiceAccountToken');
  });

  it('when a pod has its token, namespace and CA, then the URL brackets IPv6 and the namespace is trimmed', async () => {
    const dir = serviceAccountDir({ token: 'first\n', namespace: 'podlab\n', 'ca.crt': 'PEM' });
    const result = await readInClusterConnection(dir, {
      KUBERNETES_SERVICE_HOST: 'fd00::1',
      KUBERNETES_SERVICE_PORT: '443',
    });
    if (!result.inCluster) throw new Error(result.reason);
    expect(result.connection).toMatchObject({
      baseUrl: 'https://[fd00::1]:443',
      namespace: 'podlab',
    });
    expect(result.connection.ca?.toString()).toBe('PEM');
    expect(await result.connection.token()).toBe('first');
    writeFileSync(join(dir, 'token'), 'second');
    expect(await result.connection.token()).toBe('second');
  });
});

describe('microTime', () => {
  it('when formatting a date, then it has the six fractional digits the API server requires', () => {
    expect(microTime(new Date('2025-01-02T03:04:05.678Z'))).toBe('2025-01-02T03:04:05.678000Z');
  });
});

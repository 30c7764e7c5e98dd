import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findKubectl, kustomize, versionAtLeast } from './kubectl.js';

const dir = mkdtempSync(join(tmpdir(), 'podlab-kubectl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in kubectl that prints what a given version prints. */
function fakeKubectl(name: string, versionJson: object, kustomizeExit = 0): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    `#!/bin/sh\nif [ "$1" = version ]; then echo '${JSON.stringify(versionJson)}'; exit 0; fi\necho 'error: accumulating resources: missing.yaml: no such file' >&2\nexit ${kustomizeExit}\n`,
  );
  chmodSync(file, 0o755);
  return file;
}

describe('findKubectl', () => {
  it('when kubectl is not installed, then the message names it and how to get it', async () => {
    await expect(findKubectl({ ...process.env, KUBECTL: join(dir, 'absent') })).rejects.toThrow(
      /kubectl not found .*render kustomize\/ with `kubectl kustomize`; install kubectl 1.27 or newer/,
    );
  });

  it('when its kustomize is older than v5, then the message gives both versions', async () => {
    const old = fakeKubectl('old', {
      clientVersion: { gitVersion: 'v1.24.17' },
      kustomizeVersion: 'v4.5.4',
    });
    await expect(findKubectl({ ...process.env, KUBECTL: old })).rejects.toThrow(
      'kubectl v1.24.17 bundles kustomize v4.5.4, the manifests need kustomize v5.0.0 or newer',
    );
  });

  it('when it is recent, then it returns the versions', async () => {
    const recent = fakeKubectl('recent', {
      clientVersion: { gitVersion: 'v1.32.4' },
      kustomizeVersion: 'v5.5.0',
    });
    expect(await findKubectl({ ...process.env, KUBECTL: recent })).toEqual({
      path: recent,
      version: 'v1.32.4',
      kustomizeVersion: 'v5.5.0',
    });
  });

  it('when kustomize fails, then its own error is in the message', async () => {
    const failing = fakeKubectl(
      'failing',
      { clientVersion: { gitVersion: 'v1.32.4' }, kustomizeVersion: 'v5.5.0' },
      1,
    );
    const kubectl = await findKubectl({ ...process.env, KUBECTL: failing });
    await expect(kustomize(kubectl, 'kustomize/tests/x')).rejects.toThrow(
      'kubectl kustomize kustomize/tests/x failed: error: accumulating resources: missing.yaml: no such file',
    );
  });

  it('compares versions numerically', () => {
    expect(versionAtLeast('v5.10.0', '5.9.1')).toBe(true);
    expect(versionAtLeast('v4.5.7', '5.0.0')).toBe(false);
    expect(versionAtLeast('none', '5.0.0')).toBe(false);
  });
});

import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The cluster scripts cannot run here (no cluster, no k3d, no minikube); what they do before
// touching anything can: fail early, naming each missing tool and where to get it.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const lib = (await import(pathToFileURL(join(repoRoot, 'scripts', 'cluster-lib.ts')).href)) as {
  requireTools(command: string, tools: (string | string[])[], path?: string): string[];
};

// Two PATHs: one with nothing but node, one with stand-ins for some tools.
const bare = mkdtempSync(join(tmpdir(), 'podlab-cluster-bare-'));
const some = mkdtempSync(join(tmpdir(), 'podlab-cluster-some-'));
afterAll(() => [bare, some].forEach((dir) => rmSync(dir, { recursive: true, force: true })));
symlinkSync(process.execPath, join(bare, 'node'));
for (const name of ['podman', 'kubectl', 'minikube']) {
  writeFileSync(join(some, name), '#!/bin/sh\nexit 0\n');
  chmodSync(join(some, name), 0o755);
}

describe('cluster scripts', () => {
  it('when tools are missing, then one message names each with where to get it', () => {
    expect(() =>
      lib.requireTools('npm run cluster:k3d', ['k3d', 'kubectl', ['docker', 'podman']], bare),
    ).toThrow(
      'npm run cluster:k3d needs k3d (https://k3d.io/#installation), and kubectl (https://kubernetes.io/docs/tasks/tools/), and docker (https://docs.docker.com/engine/install/) or podman (Debian/Ubuntu: apt-get install podman runc): not found on PATH.',
    );
  });

  it('when one alternative is present, then it is the one returned', () => {
    expect(
      lib.requireTools(
        'npm run cluster:minikube',
        ['minikube', 'kubectl', ['docker', 'podman']],
        some,
      ),
    ).toEqual(['minikube', 'kubectl', 'podman']);
  });

  it.each([
    ['cluster-k3d', 'npm run cluster:k3d needs k3d'],
    ['cluster-minikube', 'npm run cluster:minikube needs minikube'],
    ['cluster-down', 'neither k3d nor minikube is installed'],
  ])(
    'when %s runs without its tools, then it exits 1 before doing anything, saying so',
    (script, message) => {
      const result = spawnSync(join(bare, 'node'), [join(repoRoot, 'scripts', 'run.mjs'), script], {
        env: { PATH: bare },
        encoding: 'utf8',
        cwd: repoRoot,
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(message);
      expect(result.stdout).toBe('');
    },
  );
});

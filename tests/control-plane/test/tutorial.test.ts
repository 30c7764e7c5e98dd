import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubernetesControlPlane } from '@podlab/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installIstioCrds, startControlPlane } from './support/control-plane.js';
import { copyManifests, REPO_ROOT } from './support/learner-setups.js';
import { differences, snapshot } from './support/snapshot.js';
import { commandLines, isKubectl, readTutorial, tutorialFile } from './support/tutorial.js';
import { getItems, volumesFor } from './support/workloads.js';

// Tests 4 and 5: the tutorial's kubectl lines, in order, against a real control plane with
// kwok nodes, in a private copy of the repository (the learner's edits of the overlay happen
// there). Lines that need a real container or real traffic carry `# needs-real-cluster: <why>`
// and are listed as skipped. After each lab's "Turn it off" steps, the objects in namespace
// podlab must be what they were before the lab.

const OVERLAY = 'kustomize/overlays/k3d';
const sections = readTutorial(tutorialFile(REPO_ROOT, 'en'));
let plane: KubernetesControlPlane;
let manifests: ReturnType<typeof copyManifests>;

beforeAll(async () => {
  manifests = copyManifests(['docs']);
  plane = await startControlPlane('tutorial');
  await installIstioCrds(plane);
  // What `npm run cluster:k3d` does after building the images: apply the overlay, wait.
  await plane.kubectl(['apply', '-k', join(manifests.dir, OVERLAY)]);
  const volumes = volumesFor(await getItems(plane, 'statefulsets'));
  await plane.kubectl(['apply', '-f', '-'], {
    input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: volumes }),
  });
  for (const workload of (
    await plane.kubectl(['get', 'deployments,statefulsets', '-n', 'podlab', '-o', 'name'])
  ).stdout
    .split('\n')
    .filter(Boolean))
    await plane.kubectl(['rollout', 'status', '-n', 'podlab', workload, '--timeout=180s']);
});

afterAll(async () => {
  await plane?.dispose();
  manifests?.remove();
});

/** The learner's edit: (un)comment one lab line in the overlay's kustomization.yaml. */
function editOverlay(action: 'uncomment' | 'comment', lab: string): void {
  const file = join(manifests.dir, OVERLAY, 'kustomization.yaml');
  const escaped = lab.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const text = readFileSync(file, 'utf8');
  const edited =
    action === 'uncomment'
      ? text.replace(new RegExp(`^(\\s*)#\\s*-\\s+${escaped}\\s*$`, 'm'), `$1- ${lab}`)
      : text.replace(new RegExp(`^(\\s*)-\\s+${escaped}\\s*$`, 'm'), `$1# - ${lab}`);
  if (edited === text)
    throw new Error(
      `the overlay ${OVERLAY} has no ${action === 'uncomment' ? 'commented' : 'active'} line for ${lab}`,
    );
  writeFileSync(file, edited);
}

/**
 * Runs one tutorial line with bash in the repository copy, with the pinned kubectl on PATH; as a
 * learner's shell does (no pipefail): a pipe's status is its last command's.
 */
function runLine(command: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', command], {
      cwd: manifests.dir,
      env: {
        ...process.env,
        ...plane.kubectlEnv,
        PATH: `${plane.binaries.dir}:${process.env.PATH}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 200_000,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('the tutorial', () => {
  it('has the same commands in the 繁體中文 copy', () => {
    expect(commandLines(readTutorial(tutorialFile(REPO_ROOT, 'zh-TW')))).toEqual(
      commandLines(sections),
    );
  });

  for (const section of sections) {
    const runnable = section.steps.some((step) => step.kind === 'edit' || isKubectl(step));
    if (!runnable) continue;
    const restores = section.turnOffAt !== undefined;
    it(`${section.title}: its kubectl lines run${restores ? ', and turning it off restores every object' : ''}`, async () => {
      const before = restores ? await snapshot(plane) : undefined;
      const failures: string[] = [];
      for (const step of section.steps) {
        if (step.kind === 'edit') {
          editOverlay(step.action, step.lab);
        } else if (isKubectl(step)) {
          if (step.skip) continue; // reported as a skipped test below
          const { code, output } = await runLine(step.command);
          if (code !== 0)
            failures.push(
              `docs/tutorial.md:${step.line}: \`${step.command}\` exited ${code}:\n${output.trim()}`,
            );
          // Warnings are shown, not failed: `rollout undo` warns about last-applied-configuration
          // on every cluster, and the learner sees the same line (the tutorial should say so).
          else
            for (const warning of output.split('\n').filter((l) => l.startsWith('Warning:')))
              console.warn(`docs/tutorial.md:${step.line}: ${warning}`);
        }
      }
      expect(failures, failures.join('\n\n')).toEqual([]);
      if (before) {
        const changed = differences(before, await snapshot(plane));
        expect(changed, `after "${section.title}" was turned off:\n${changed.join('\n')}`).toEqual(
          [],
        );
      }
    });
    // Each line that needs a real cluster shows in the report as a skipped test, with its reason.
    for (const step of section.steps)
      if (isKubectl(step) && step.skip)
        it.skip(`${section.title}: docs/tutorial.md:${step.line} \`${step.command.slice(0, 60)}\` — ${step.skip}`, () =>
          undefined);
  }
});

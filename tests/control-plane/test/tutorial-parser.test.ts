import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isKubectl, readTutorial, withoutComment } from './support/tutorial.js';

// How the tutorial test reads docs/tutorial.md: which lines run, which are skipped and why.

const dir = mkdtempSync(join(tmpdir(), 'podlab-tutorial-parser-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sample = [
  '# title',
  '## Lab 1 — one',
  '```sh',
  'kubectl -n podlab get pods   # what runs',
  "kubectl -n podlab exec deploy/producer -- node -e 'x'   # needs-real-cluster: runs a command in a container",
  'kubectl -n podlab get pods -w',
  'kubectl -n podlab get hpa -w &',
  'curl -s $URL/api/producer/info',
  '```',
  '<!-- tutorial-test: uncomment ../../components/canary -->',
  '```sh',
  'kubectl apply -k kustomize/overlays/k3d \\',
  '  --server-side',
  '```',
  '### Turn it off',
  '<!-- tutorial-test: comment ../../components/canary -->',
  '```sh',
  'kubectl delete -k kustomize/components/canary',
  '```',
].join('\n');

describe('when the tutorial is read', () => {
  const file = join(dir, 'tutorial.md');
  writeFileSync(file, sample);
  const [, lab] = readTutorial(file);

  it('then kubectl lines run in order, continued lines joined, other commands left to the learner', () => {
    const run = lab?.steps
      .filter(isKubectl)
      .filter((s) => !s.skip)
      .map((s) => withoutComment(s.command));
    expect(run).toEqual([
      'kubectl -n podlab get pods',
      'kubectl apply -k kustomize/overlays/k3d --server-side',
      'kubectl delete -k kustomize/components/canary',
    ]);
  });

  it('then a marked line, a watch and a background job are skipped with their reason', () => {
    const skipped = lab?.steps
      .filter(isKubectl)
      .filter((s) => s.skip)
      .map((s) => s.skip);
    expect(skipped).toEqual([
      'runs a command in a container',
      'a watch never ends',
      'runs in the background (a watch for the learner to look at)',
    ]);
  });

  it('then edits are steps in place and "Turn it off" marks where turning off begins', () => {
    const edits = lab?.steps.flatMap((s, i) => (s.kind === 'edit' ? [[i, s.action, s.lab]] : []));
    expect(edits).toEqual([
      [5, 'uncomment', '../../components/canary'],
      [7, 'comment', '../../components/canary'],
    ]);
    expect(lab?.turnOffAt).toBe(7);
  });

  it('then a # inside quotes is not a comment', () => {
    expect(withoutComment(`kubectl get x -o jsonpath='{.a}#b'   # note`)).toBe(
      `kubectl get x -o jsonpath='{.a}#b'`,
    );
  });
});

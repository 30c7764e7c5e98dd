import type { KubernetesControlPlane } from '@podlab/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deleteLearnerNamespaces,
  installIstioCrds,
  startControlPlane,
  warningLines,
} from './support/control-plane.js';
import {
  copyManifests,
  describeSetup,
  learnerSetups,
  OVERLAYS,
  writeSetup,
  type LearnerSetup,
} from './support/learner-setups.js';

// Test 1 of the control-plane suite: every learner set-up (each overlay × every subset of its
// labs, uncommented as the tutorial says) applied with `kubectl apply -k` as the tutorial does,
// then server-side, into namespace podlab, which enforces Pod Security "restricted". The real
// API server validates what the offline checks cannot: defaulting, cross-field rules,
// admission (Pod Security among it), API versions this release no longer serves.

let plane: KubernetesControlPlane;
let manifests: ReturnType<typeof copyManifests>;

beforeAll(async () => {
  manifests = copyManifests();
  plane = await startControlPlane('learner-setups');
  await installIstioCrds(plane);
});

afterAll(async () => {
  await plane?.dispose();
  manifests?.remove();
});

/** Applies each set-up in turn into fresh namespaces (podlab, observability); every error and warning, named. */
async function applyAll(setups: LearnerSetup[], mode: string[]): Promise<string[]> {
  await deleteLearnerNamespaces(plane);
  const problems: string[] = [];
  for (const setup of setups) {
    const result = await plane.kubectl(['apply', ...mode, '-k', writeSetup(manifests.dir, setup)], {
      allowFailure: true,
    });
    const what = `${describeSetup(setup)} (kubectl apply ${[...mode, '-k'].join(' ')})`;
    if (result.code !== 0) problems.push(`${what} failed:\n${result.stderr.trim()}`);
    for (const warning of warningLines(result.stderr)) problems.push(`${what}: ${warning}`);
  }
  return problems;
}

/**
 * Each set-up is one `kubectl apply -k` of a few seconds, many more on a busy machine; the
 * number of set-ups doubles with each lab (2^labs), so the time allowed grows with it.
 */
const PER_SETUP_MS = 40_000;

describe('when a learner applies any set-up of the tutorial', () => {
  for (const overlay of OVERLAYS) {
    // Client-side, as the tutorial says: every subset, one lab switched at a time (Gray code).
    const setups = learnerSetups(overlay);
    it(
      `then ${overlay} with every subset of its labs applies with kubectl apply -k, no error, no warning`,
      async () => {
        const problems = await applyAll(setups, []);
        expect(problems, problems.join('\n\n')).toEqual([]);
      },
      setups.length * PER_SETUP_MS,
    );
    // Server-side, in a namespace of its own (mixing both managers on one object is a conflict by
    // design): the overlay alone and with every lab, the two ends of what a learner applies.
    it(`then ${overlay} alone and with every lab applies with kubectl apply --server-side -k, no error, no warning`, async () => {
      const all = learnerSetups(overlay);
      const ends = [
        all[0],
        all.find((s) => s.labs.length === Math.max(...all.map((x) => x.labs.length))),
      ];
      const problems = await applyAll(
        [...new Set(ends)].filter((s): s is LearnerSetup => s !== undefined),
        ['--server-side'],
      );
      expect(problems, problems.join('\n\n')).toEqual([]);
    }, 300_000);
  }
});

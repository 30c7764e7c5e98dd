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
  learnerWalk,
  OVERLAYS,
  writeSetup,
  type LearnerSetup,
} from './support/learner-setups.js';

// Test 1 of the control-plane suite: each overlay with its labs uncommented as the tutorial
// says, applied with `kubectl apply -k` as the tutorial does, then server-side, into namespace
// podlab, which enforces Pod Security "restricted". The real API server validates what the
// offline checks cannot: defaulting, cross-field rules, admission (Pod Security among it), API
// versions this release no longer serves.
//
// Not every subset of the labs: tests/manifests renders and checks all 2^labs offline, and here
// each apply takes seconds, so 2 overlays × 32 subsets took 12 minutes, most of the suite's
// time. The walk (learnerWalk) applies the overlay alone, with every lab, and set-ups that meet
// every pair of labs in each on/off combination, each on top of the one before, switching every
// lab on and off: a fault needing two labs together, or one lab switched either way, still
// shows; one needing three particular labs at once might not.

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

/**
 * Applies each set-up on top of the one before, into fresh namespaces (podlab, observability);
 * every error and warning, named with the set-up it came after.
 */
async function applyAll(setups: LearnerSetup[], mode: string[]): Promise<string[]> {
  await deleteLearnerNamespaces(plane);
  const problems: string[] = [];
  for (const [i, setup] of setups.entries()) {
    const result = await plane.kubectl(['apply', ...mode, '-k', writeSetup(manifests.dir, setup)], {
      allowFailure: true,
    });
    const after = i > 0 ? `, after ${describeSetup(setups[i - 1])}` : '';
    const what = `${describeSetup(setup)} (kubectl apply ${[...mode, '-k'].join(' ')}${after})`;
    if (result.code !== 0) problems.push(`${what} failed:\n${result.stderr.trim()}`);
    for (const warning of warningLines(result.stderr)) problems.push(`${what}: ${warning}`);
  }
  return problems;
}

/**
 * Client-side apply as the tutorial's, with each patch computed from kubectl's compiled-in types
 * rather than from the OpenAPI document, which kubectl parses again for every object it patches
 * (kubernetes/kubernetes#127095): ~4 s of CPU per apply of this walk instead of ~0.7 s. kubectl
 * is the API server's release, so the patch directives are the same: the requests were
 * byte-identical on every step of both overlays' walks when this was chosen.
 */
const CLIENT_SIDE = ['--openapi-patch=false'];

/**
 * Each set-up is one `kubectl apply -k` of a few seconds, many more on a busy machine; the walk
 * grows with the labs, so the time allowed grows with it.
 */
const PER_SETUP_MS = 40_000;

describe('when a learner applies any set-up of the tutorial', () => {
  for (const overlay of OVERLAYS) {
    // Client-side, as the tutorial says (CLIENT_SIDE).
    const setups = learnerWalk(overlay);
    it(
      `then ${overlay} with every pair of its labs on or off applies with kubectl apply -k, no error, no warning`,
      async () => {
        const problems = await applyAll(setups, CLIENT_SIDE);
        expect(problems, problems.join('\n\n')).toEqual([]);
      },
      setups.length * PER_SETUP_MS,
    );
    // Server-side, in a namespace of its own (mixing both managers on one object is a conflict by
    // design): the overlay alone and with every lab (the walk's first two set-ups), the two ends
    // of what a learner applies.
    it(`then ${overlay} alone and with every lab applies with kubectl apply --server-side -k, no error, no warning`, async () => {
      const problems = await applyAll(setups.slice(0, 2), ['--server-side']);
      expect(problems, problems.join('\n\n')).toEqual([]);
    }, 300_000);
  }
});

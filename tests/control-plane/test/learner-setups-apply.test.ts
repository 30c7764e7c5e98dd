import type { KubernetesControlPlane } from '@podlab/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deletePodlabNamespace,
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

describe('when a learner applies any set-up of the tutorial', () => {
  for (const overlay of OVERLAYS) {
    it(`then ${overlay} with every subset of its labs applies client-side and server-side with no error and no warning`, async () => {
      await deletePodlabNamespace(plane);
      const problems: string[] = [];
      for (const setup of learnerSetups(overlay)) {
        const dir = writeSetup(manifests.dir, setup);
        for (const mode of [[], ['--server-side']]) {
          const args = ['apply', ...mode, '-k', dir];
          const result = await plane.kubectl(args, { allowFailure: true });
          const what = `${describeSetup(setup)} (kubectl apply ${mode.join(' ')}${mode.length ? ' ' : ''}-k)`;
          if (result.code !== 0) problems.push(`${what} failed:\n${result.stderr.trim()}`);
          for (const warning of warningLines(result.stderr)) problems.push(`${what}: ${warning}`);
        }
      }
      expect(problems, problems.join('\n\n')).toEqual([]);
    });
  }
});

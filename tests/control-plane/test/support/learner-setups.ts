import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { commentedComponents, findRepoRoot, uncomment } from '@podlab/testing';
import { coveringWalk } from './covering-walk.js';

/** One learner set-up: an overlay with some of its labs uncommented, as the tutorial says. */
export interface LearnerSetup {
  /** The folder `kubectl apply -k` is given, relative to the repository (kustomize, kustomize/overlays/k3d...). */
  overlay: string;
  /** The labs switched on, by name (`canary`): their component lines uncommented. */
  labs: string[];
}

export const REPO_ROOT = findRepoRoot();

/** The folders a learner applies: the default and every overlay that lists labs. */
export const OVERLAYS = ['kustomize', 'kustomize/overlays/k3d', 'kustomize/overlays/minikube'];

/** The labs an overlay lists as commented lines under `components:`. */
export function labsOf(overlay: string, root = REPO_ROOT): string[] {
  return commentedComponents(readFileSync(join(root, overlay, 'kustomization.yaml'), 'utf8'));
}

/**
 * The set-ups to apply one after another to a real API server, each on top of the one before as
 * a learner moves through the tutorial: the overlay alone, with every lab, then a few set-ups
 * that meet every pair of labs in each on/off combination (coveringWalk). Every subset is
 * rendered offline by tests/manifests; applying all of them (2^labs) costs minutes per overlay.
 */
export function learnerWalk(overlay: string): LearnerSetup[] {
  return coveringWalk(labsOf(overlay)).map((labs) => ({ overlay, labs }));
}

export const describeSetup = (setup: LearnerSetup): string =>
  `${setup.overlay}${setup.labs.length ? ` + ${setup.labs.join(', ')}` : ''}`;

/**
 * A private copy of the manifests (k8s/, kustomize/, and `extra` folders such as docs/), so the tests can
 * uncomment lines in an overlay the way a learner does without touching the repository.
 */
export function copyManifests(extra: string[] = []): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'podlab-manifests-'));
  for (const folder of ['k8s', 'kustomize', ...extra])
    cpSync(join(REPO_ROOT, folder), join(dir, folder), { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes the overlay's kustomization.yaml in `copy` with exactly `setup.labs` uncommented. */
export function writeSetup(copy: string, setup: LearnerSetup): string {
  const file = join(REPO_ROOT, setup.overlay, 'kustomization.yaml');
  const target = join(copy, relative(REPO_ROOT, file));
  writeFileSync(target, uncomment(readFileSync(file, 'utf8'), setup.labs));
  return join(copy, setup.overlay);
}

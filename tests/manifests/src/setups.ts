import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commentedComponents, uncomment } from '@podlab/testing';

/**
 * The set-ups a learner makes: `kubectl apply -k kustomize` (the default), and each overlay with
 * any subset of the lab components its kustomization lists as commented lines, switched on the
 * way the tutorial says: by uncommenting those lines in place (their order stays the file's).
 */
export interface Setup {
  /** e.g. `k3d + canary + service-mesh`, `default` */
  name: string;
  /** The folder a learner applies: `kustomize`, `kustomize/overlays/k3d` */
  source: string;
  /** The lab components switched on, in the file's order (`canary`, ...). */
  components: string[];
  /** The learner's kustomization.yaml, edited, plus `buildMetadata` so objects name their files. */
  kustomization: string;
}

/** Every subset of a list, each in the list's order: [], [a], [b], [a, b], ... */
export const subsets = <T>(items: T[]): T[][] =>
  Array.from({ length: 2 ** items.length }, (_, mask) => items.filter((_, i) => mask & (2 ** i)));

// Each object says which file it came from, so the checks can name it (an annotation only;
// loadRendered removes it again).
const withOrigins = (kustomization: string) =>
  `${kustomization.trimEnd()}\nbuildMetadata: [originAnnotations]\n`;

/** The overlays of kustomize/overlays/ that offer lab components (dev-secrets is a Component, not applied alone). */
export function overlays(repoRoot: string): string[] {
  const dir = join(repoRoot, 'kustomize', 'overlays');
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'kustomization.yaml')))
    .map((e) => e.name)
    .filter(
      (name) =>
        !/^kind:\s*Component\s*$/m.test(
          readFileSync(join(dir, name, 'kustomization.yaml'), 'utf8'),
        ),
    )
    .sort();
}

/** The default and every overlay × every subset of its lab components. */
export function learnerSetups(repoRoot: string): Setup[] {
  const setups: Setup[] = [
    {
      name: 'default',
      source: 'kustomize',
      components: [],
      kustomization: withOrigins(
        readFileSync(join(repoRoot, 'kustomize', 'kustomization.yaml'), 'utf8'),
      ),
    },
  ];
  for (const overlay of overlays(repoRoot)) {
    const text = readFileSync(
      join(repoRoot, 'kustomize', 'overlays', overlay, 'kustomization.yaml'),
      'utf8',
    );
    for (const components of subsets(commentedComponents(text))) {
      setups.push({
        name: [overlay, ...components].join(' + '),
        source: `kustomize/overlays/${overlay}`,
        components,
        kustomization: withOrigins(uncomment(text, components)),
      });
    }
  }
  return setups;
}

/** A set-up written out for `kubectl kustomize`: its folder, and how to map rendered file names back. */
export interface WrittenSetup extends Setup {
  dir: string;
  /** Repository-relative file of a rendered object → the file a learner sees. */
  realFile(file: string): string;
}

/**
 * Copies k8s/ and kustomize/ into a temporary folder and writes each set-up there: the default
 * in place, each overlay set-up as a sibling of its overlay (same depth, so every `../../`
 * resolves as in the learner's tree). `remove()` deletes the folder.
 */
export function writeSetups(
  repoRoot: string,
  setups: Setup[],
): { root: string; written: WrittenSetup[]; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'podlab-setups-'));
  for (const top of ['k8s', 'kustomize'])
    cpSync(join(repoRoot, top), join(root, top), { recursive: true });
  const written = setups.map((setup, i) => {
    if (setup.source === 'kustomize') {
      writeFileSync(join(root, 'kustomize', 'kustomization.yaml'), setup.kustomization);
      return { ...setup, dir: join(root, 'kustomize'), realFile: (file: string) => file };
    }
    const copy = `${setup.source}-setup-${i}`;
    cpSync(join(root, setup.source), join(root, copy), { recursive: true });
    writeFileSync(join(root, copy, 'kustomization.yaml'), setup.kustomization);
    return {
      ...setup,
      dir: join(root, copy),
      realFile: (file: string) =>
        file.startsWith(copy) && /^[/ ]/.test(file.slice(copy.length))
          ? `${setup.source}${file.slice(copy.length)}`
          : file,
    };
  });
  return { root, written, remove: () => rmSync(root, { recursive: true, force: true }) };
}

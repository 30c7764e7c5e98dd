import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtImages } from '../src/index.js';
import { registryOf } from '../src/rules/images.js';

// One name per image, from one list (scripts/lib/image-list.ts). The manifests are held to it
// by the images rule, compose by tests/images; this holds everything a learner reads or runs:
// READMEs, the tutorials, lab files, Dockerfiles, scripts and the service generator's templates.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const images = await builtImages(repoRoot);

const SKIP_DIRS = new Set([
  'node_modules',
  'dist',
  'out-tsc',
  '.git',
  '.nx',
  '.data',
  'coverage',
  'test-output',
  'tmp',
]);
const READ = /\.(md|ya?ml|tmpl|mjs|Dockerfile|Containerfile)$/;
// The rule specs and fixtures spell wrong references on purpose; the list explains them.
const EXEMPT = ['tests/manifests/src/', 'scripts/lib/image-list.ts'];

function textFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIP_DIRS.has(entry.name) ? [] : textFiles(path);
    const rel = relative(repoRoot, path);
    return READ.test(entry.name) && !EXEMPT.some((prefix) => rel.startsWith(prefix)) ? [rel] : [];
  });
}

/** `[registry/]podlab/<name>:<tag>` references (never the npm scope `@podlab/...`). */
const REFERENCE = /(?<![\w@.-])((?:[\w.-]+(?::\d+)?\/)?)podlab\/([\w<>$-]+|\$\{[^}]+\}):/g;

describe('podlab image names', () => {
  it('when the image list names an image, then the reference says its registry (localhost/podlab/<name>:dev)', () => {
    expect(images.filter((ref) => registryOf(ref) !== 'localhost')).toEqual([]);
  });

  const files = textFiles(repoRoot);

  it('when a file names a podlab image, then with the registry part the list uses', () => {
    const wrong = files.flatMap((file) =>
      readFileSync(join(repoRoot, file), 'utf8')
        .split('\n')
        .flatMap((line, i) =>
          [...line.matchAll(REFERENCE)]
            .filter((m) => m[1] !== 'localhost/')
            .map((m) => `${file}:${i + 1}: ${m[0]}`),
        ),
    );
    expect(
      wrong,
      'podman stores podlab/x as localhost/podlab/x, a cluster reads it as docker.io/podlab/x: write localhost/podlab/x',
    ).toEqual([]);
  });

  it('when images are saved for a cluster, then by `npm run images:save` (the list), never by a hand-written list', () => {
    const handLists = files.flatMap((file) =>
      readFileSync(join(repoRoot, file), 'utf8')
        .split('\n')
        .flatMap((line, i) =>
          /\b(docker|podman) save\b/.test(line) && [...line.matchAll(REFERENCE)].length > 1
            ? [`${file}:${i + 1}`]
            : [],
        ),
    );
    expect(handLists).toEqual([]);
  });
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { engine } from './support/containers.js';
import { imageList, saveLib } from './support/scripts.js';

// The hand-over to a cluster: `npm run images:save` (and the cluster scripts) write the images
// to one archive that `k3d image import` / `minikube image load` read. The names in it are what
// the node will have, so they must be exactly the references the manifests ask for.
const dir = mkdtempSync(join(tmpdir(), 'podlab-archive-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const built = inject('builtImages').flatMap((r) => ('ref' in r ? [r.ref] : []));

describe('the image archive for a cluster', () => {
  it('when two images are saved, then the archive names each exactly as image-list.ts (and the manifests) do', (context) => {
    // Two are enough to take the multi-image path; all six only cost time and disk.
    const refs = imageList
      .imageSpecs()
      .map((s) => s.ref)
      .filter((ref) => built.includes(ref))
      .slice(-2);
    if (refs.length < 2) return context.skip('fewer than two images built');
    const tar = join(dir, 'images.tar');
    expect(saveLib.saveImages(engine, tar, refs)).toEqual(refs);
    const manifest = spawnSync('tar', ['-xOf', tar, 'manifest.json'], {
      encoding: 'utf8',
      maxBuffer: 16 << 20,
    });
    const tags = (JSON.parse(manifest.stdout) as { RepoTags?: string[] }[]).flatMap(
      (m) => m.RepoTags ?? [],
    );
    expect(tags.sort()).toEqual([...refs].sort());
    expect(tags.every((tag) => tag.startsWith('localhost/podlab/'))).toBe(true);
  });

  it('when an image is not built, then nothing is written and the message says to build it', () => {
    expect(() =>
      saveLib.saveImages(engine, join(dir, 'none.tar'), ['localhost/podlab/not-built:dev']),
    ).toThrow('not built yet: localhost/podlab/not-built:dev; run `npm run images` first');
  });
});

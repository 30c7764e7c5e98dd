import { describe, expect, inject, it } from 'vitest';
import { engine, filesIn, imageConfig } from './support/containers.js';
import { runName } from './support/names.js';
import { engineLib, imageList } from './support/scripts.js';

const { capture, formatMiB, imageSize } = engineLib;
const { services } = imageList;

const run = runName();
const builtRefs = inject('builtImages').flatMap((r) => ('ref' in r ? [r.ref] : []));

/** What a runtime image must not carry: package managers, compilers, shells, TypeScript/Vue sources. */
const FORBIDDEN = [
  { what: 'npm', pattern: /\/(npm|npx|yarn|pnpm|corepack)(\/|$)/ },
  {
    what: 'a compiler or build tool',
    pattern: /\/bin\/(gcc|g\+\+|cc|c\+\+|make|python3?|node-gyp|tsc|esbuild)$/,
  },
  { what: 'a source file', pattern: /\.(ts|tsx|vue)$/ },
];

describe('image sizes', () => {
  it('when the images are built, then each has a size, printed here', () => {
    expect(builtRefs.length).toBeGreaterThan(0);
    for (const ref of builtRefs) {
      const bytes = imageSize(engine, ref);
      console.log(`${ref.padEnd(34)} ${formatMiB(bytes)}`);
      expect(bytes).toBeGreaterThan(0);
    }
  });
});

describe.each(services.map((s) => s.name))('the %s image', (name) => {
  const ref = imageList.imageRef(name);

  it('when inspected, then it runs node as PID 1 as a numeric non-root user, stopped by SIGTERM', () => {
    const config = imageConfig(ref);
    expect(config.User).toMatch(/^[1-9]\d*(:\d+)?$/);
    expect(config.Entrypoint?.[0]).toBe('node');
    expect(config.StopSignal ?? 'SIGTERM').toMatch(/^(SIGTERM|15)$/);
  });

  it('when its files are listed, then it holds node and the bundle, and no npm, compilers, shell or sources', () => {
    const files = filesIn(ref, `${run}-${name}-files`);
    expect(files).toContain('/usr/local/bin/node');
    expect(files).toContain('/app/main.js');
    for (const { what, pattern } of FORBIDDEN) {
      expect(
        files.filter((f) => pattern.test(f)),
        what,
      ).toEqual([]);
    }
    expect(
      files.filter((f) => /^\/(usr\/)?bin\/(ba|da)?sh$/.test(f)),
      'a shell',
    ).toEqual([]);
  });

  it('when its source map is read, then it maps lines without embedding the sources', () => {
    const script =
      "const fs=require('fs');const maps=['main.js.map',...fs.readdirSync('/app/chunks').filter(f=>f.endsWith('.map')).map(f=>'chunks/'+f)].map(f=>JSON.parse(fs.readFileSync('/app/'+f,'utf8')));console.log(JSON.stringify({mappings:maps.every(m=>m.mappings.length>0),sourcesContent:maps.some(m=>'sourcesContent' in m),chunks:maps.length>1}))";
    const out = capture(engine, [
      'run',
      '--rm',
      '--network',
      'none',
      '--entrypoint',
      'node',
      ref,
      '-e',
      script,
    ]);
    expect(JSON.parse(out)).toEqual({ mappings: true, sourcesContent: false, chunks: true });
  });
});

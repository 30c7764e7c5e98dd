import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  builtImages,
  combinations,
  findKubectl,
  formatProblem,
  k8sComponents,
  kustomize,
  loadRendered,
  loadServiceConfigs,
  rules,
  SCHEMA_SOURCES,
  validateSchema,
  type CheckContext,
  type Manifest,
} from '../src/index.js';

// Every combination in kustomize/tests/ is rendered once (in parallel), then schema-validated
// and linted by every rule. A failure lists each problem as `file: Kind/name: field: message`.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const started = performance.now();
const kubectl = await findKubectl();
const names = combinations(repoRoot);
const [configs, images] = await Promise.all([loadServiceConfigs(repoRoot), builtImages(repoRoot)]);

interface Rendered {
  manifests?: Manifest[];
  error?: string;
  ms: number;
}
const rendered = new Map<string, Rendered>();
await Promise.all(
  names.map(async (name) => {
    const dir = join(repoRoot, 'kustomize', 'tests', name);
    const t0 = performance.now();
    try {
      rendered.set(name, { manifests: loadRendered(await kustomize(kubectl, dir), dir, repoRoot), ms: performance.now() - t0 });
    } catch (error) {
      rendered.set(name, { error: (error as Error).message, ms: performance.now() - t0 });
    }
  }),
);
const renderMs = performance.now() - started;

const manifestsOf = (name: string): Manifest[] => {
  const r = rendered.get(name);
  if (!r?.manifests) throw new Error(`not rendered: ${r?.error}`);
  return r.manifests;
};

describe('kustomize/tests', () => {
  it('has combinations to check', () => {
    expect(names.length).toBeGreaterThan(0);
  });

  it('base lists every component folder of k8s/ (a folder left out is never deployed)', () => {
    const base = readFileSync(join(repoRoot, 'kustomize', 'base', 'kustomization.yaml'), 'utf8');
    const missing = k8sComponents(repoRoot).filter((c) => !base.includes(`../../k8s/${c}\n`));
    expect(missing, 'k8s/ folders missing from kustomize/base/kustomization.yaml resources').toEqual([]);
  });
});

describe.each(names)('combination %s', (name) => {
  it('renders with kubectl kustomize', () => {
    expect(rendered.get(name)?.error).toBeUndefined();
    expect(manifestsOf(name).length).toBeGreaterThan(0);
  });

  it(`every object matches its schema: ${SCHEMA_SOURCES}`, async () => {
    const problems = (await Promise.all(manifestsOf(name).map(validateSchema))).flat();
    expect(problems.map(formatProblem)).toEqual([]);
  });

  it.each(rules.map((rule) => [rule.id, rule] as const))('%s', (_id, rule) => {
    const ctx: CheckContext = { manifests: manifestsOf(name), configs, builtImages: images };
    expect(rule.check(ctx).map(formatProblem), rule.title).toEqual([]);
  });
});

afterAll(() => {
  const counts = names.map((n) => `${n} ${rendered.get(n)?.manifests?.length ?? 0} objects (${Math.round(rendered.get(n)?.ms ?? 0)} ms)`);
  console.log(`manifest checks: ${kubectl.path} ${kubectl.version} (kustomize ${kubectl.kustomizeVersion}); rendered ${names.length} combinations in ${Math.round(renderMs)} ms\n  ${counts.join('\n  ')}`);
});

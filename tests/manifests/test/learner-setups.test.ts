import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ISTIO_DEMO, MINIKUBE_SYSTEM, profileMemory, setupRequests } from '../src/footprint.js';
import {
  builtImages,
  clusterVersions,
  findKubectl,
  formatProblem,
  k8sComponents,
  kustomize,
  learnerSetups,
  loadRendered,
  loadServiceConfigs,
  rules,
  SCHEMA_SOURCES,
  validateSchema,
  writeSetups,
  type CheckContext,
  type Manifest,
} from '../src/index.js';

// Every set-up a learner can make (the default, and each overlay with any subset of its lab
// components uncommented, as the tutorial says) is rendered once, in parallel, from a copy of
// k8s/ and kustomize/, then schema-validated and linted by every rule. A failure lists each
// problem as `file: Kind/name: field: message`.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const started = performance.now();
const kubectl = await findKubectl();
const setups = writeSetups(repoRoot, learnerSetups(repoRoot));
const names = setups.written.map((s) => s.name);
const [configs, images, versions] = await Promise.all([
  loadServiceConfigs(repoRoot),
  builtImages(repoRoot),
  clusterVersions(repoRoot),
]);

/** Runs `work` on every item, at most `width` at a time. */
async function inBatches<T>(
  items: T[],
  width: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

interface Rendered {
  manifests?: Manifest[];
  error?: string;
  ms: number;
}
const rendered = new Map<string, Rendered>();
// Two at a time: each kubectl is CPU-bound, and 33 at once only make each one slow.
await inBatches(setups.written, 2, async (setup) => {
  const t0 = performance.now();
  try {
    const manifests = loadRendered(await kustomize(kubectl, setup.dir), setup.dir, setups.root).map(
      (m) => ({ ...m, file: setup.realFile(m.file) }),
    );
    rendered.set(setup.name, { manifests, ms: performance.now() - t0 });
  } catch (error) {
    rendered.set(setup.name, {
      error: (error as Error).message.replaceAll(setups.root, '<copy>'),
      ms: performance.now() - t0,
    });
  }
});
setups.remove();
const renderMs = performance.now() - started;

const manifestsOf = (name: string): Manifest[] => {
  const r = rendered.get(name);
  if (!r?.manifests) throw new Error(`not rendered: ${r?.error}`);
  return r.manifests;
};

describe('learner set-ups', () => {
  it('are the default and each overlay with every subset of its lab components', () => {
    // 2 overlays × 2^5 subsets of autoscaling, canary, network-policies, observability,
    // service-mesh, + default.
    expect(names).toContain('default');
    expect(names).toContain('k3d');
    expect(names.filter((n) => n.startsWith('minikube')).length).toBe(32);
    expect(names.filter((n) => n.startsWith('k3d')).length).toBe(32);
  });

  it('base lists every component folder of k8s/ (a folder left out is never deployed)', () => {
    const base = readFileSync(join(repoRoot, 'kustomize', 'base', 'kustomization.yaml'), 'utf8');
    const missing = k8sComponents(repoRoot).filter((c) => !base.includes(`../../k8s/${c}\n`));
    expect(
      missing,
      'k8s/ folders missing from kustomize/base/kustomization.yaml resources',
    ).toEqual([]);
  });
});

// Turning a lab off: `kubectl delete -k kustomize/components/<lab>` deletes what the lab added.
// That needs the component to render on its own, to exactly the objects it adds to an overlay.
const labs = readdirSync(join(repoRoot, 'kustomize', 'components'), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);
const idsOf = (
  manifests: { object: { kind: string; metadata: { name: string; namespace?: string } } }[],
) =>
  manifests
    .map(({ object: o }) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)
    .sort();

describe.each(labs)('turning the lab %s off', (lab) => {
  it('`kubectl delete -k kustomize/components/<lab>` deletes exactly what the lab added to the overlay', async () => {
    const alone = parseAllDocuments(
      await kustomize(kubectl, join(repoRoot, 'kustomize', 'components', lab)),
    )
      .map((doc) => doc.toJS())
      .filter(Boolean)
      .map((object) => ({ object }));
    const before = new Set(idsOf(manifestsOf('k3d')));
    const added = idsOf(manifestsOf(`k3d + ${lab}`)).filter((id) => !before.has(id));
    expect(idsOf(alone)).toEqual(added);
  });
});

// The minikube profile the script creates must hold podlab beside minikube's own pods, in every
// set-up, with the HPAs at their maximum, plus one pod more for a rolling update's surge.
describe('the minikube profile (scripts/lib/cluster-versions.ts MINIKUBE_PROFILE)', () => {
  const cpu = versions.MINIKUBE_PROFILE.cpus * 1000;
  const memory = profileMemory(versions.MINIKUBE_PROFILE.memory);
  const SURGE = { cpu: 100, memory: 256 };
  it.each(names.filter((n) => n.startsWith('minikube')))(
    'when %s runs, then its requests fit beside the system pods',
    (name) => {
      const podlab = setupRequests(manifestsOf(name), { atHpaMax: true });
      const istio = name.includes('service-mesh') ? ISTIO_DEMO : { cpu: 0, memory: 0 };
      const needed = {
        cpu: podlab.cpu + istio.cpu + MINIKUBE_SYSTEM.cpu + SURGE.cpu,
        memory: podlab.memory + istio.memory + MINIKUBE_SYSTEM.memory + SURGE.memory,
      };
      expect(
        needed.cpu,
        `CPU: podlab ${podlab.cpu}m + Istio ${istio.cpu}m + system ${MINIKUBE_SYSTEM.cpu}m + surge ${SURGE.cpu}m vs the profile's ${cpu}m`,
      ).toBeLessThanOrEqual(cpu);
      expect(
        needed.memory,
        `memory: podlab ${Math.round(podlab.memory)}Mi + Istio ${istio.memory}Mi + system ${MINIKUBE_SYSTEM.memory}Mi + surge ${SURGE.memory}Mi vs the profile's ${memory}Mi`,
      ).toBeLessThanOrEqual(memory);
    },
  );
});

// The tutorials state the supported releases and podlab's footprint: both must stay true.
const generatedServices = new Set(
  k8sComponents(repoRoot).filter((name) => {
    try {
      return Boolean(
        (
          JSON.parse(readFileSync(join(repoRoot, 'services', name, 'package.json'), 'utf8')) as {
            podlab?: { generator?: string };
          }
        ).podlab?.generator,
      );
    } catch {
      return false;
    }
  }),
);
describe.each(['docs/tutorial.md', 'docs/tutorial.zh-TW.md'])('%s', (doc) => {
  const text = readFileSync(join(repoRoot, doc), 'utf8');
  it('when it says what cluster podlab needs, then the releases and the footprint are the current ones', () => {
    // podlab's own services: one generated with `nx g @podlab/tools:service` is the learner's, not the tutorial's.
    const r = setupRequests(
      manifestsOf('minikube').filter(
        (m) => !generatedServices.has(m.object.metadata.labels?.['app.kubernetes.io/name'] ?? ''),
      ),
    );
    expect(text).toContain(`Kubernetes ${versions.MIN_KUBERNETES}`);
    expect(text).toContain(versions.KUBERNETES_VERSION);
    expect(text).toContain(`${r.cpu}m CPU`);
    expect(text).toContain(`${(r.memory / 1024).toFixed(1)} GiB`);
    expect(text).toContain(`${versions.MINIKUBE_PROFILE.cpus}`);
  });
});

describe.each(names)('set-up %s', (name) => {
  it('renders with kubectl kustomize', () => {
    expect(rendered.get(name)?.error).toBeUndefined();
    expect(manifestsOf(name).length).toBeGreaterThan(0);
  });

  it(`every object matches its schema: ${SCHEMA_SOURCES}`, async () => {
    const problems = (await Promise.all(manifestsOf(name).map(validateSchema))).flat();
    expect(problems.map(formatProblem)).toEqual([]);
  });

  it.each(rules.map((rule) => [rule.id, rule] as const))('%s', (_id, rule) => {
    const ctx: CheckContext = {
      manifests: manifestsOf(name),
      configs,
      builtImages: images,
      minKubernetes: versions.MIN_KUBERNETES,
    };
    expect(rule.check(ctx).map(formatProblem), rule.title).toEqual([]);
  });
});

afterAll(() => {
  const base = rendered.get('minikube')?.manifests;
  if (base) {
    const r = setupRequests(base);
    const all = setupRequests(
      manifestsOf(names.filter((n) => n.startsWith('minikube')).at(-1) as string),
      { atHpaMax: true },
    );
    console.log(
      `podlab's footprint (sum of requests, overlay minikube, no labs): ${r.cpu}m CPU, ${Math.round(r.memory)}Mi memory; every lab on, HPAs at their maximum: ${all.cpu}m CPU, ${Math.round(all.memory)}Mi`,
    );
  }
  const counts = names.map(
    (n) =>
      `${n} ${rendered.get(n)?.manifests?.length ?? 0} objects (${Math.round(rendered.get(n)?.ms ?? 0)} ms)`,
  );
  console.log(
    `manifest checks: ${kubectl.path} ${kubectl.version} (kustomize ${kubectl.kustomizeVersion}); rendered ${names.length} learner set-ups in ${Math.round(renderMs)} ms\n  ${counts.join('\n  ')}`,
  );
});

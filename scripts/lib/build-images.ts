// Builds podlab's images: the projects' bundles through Nx, then one engine build per image.
// Shared by `npm run images`, `npm run bench:images` and tests/images.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  capture,
  formatMiB,
  imageExists,
  imageSize,
  repoRoot,
  run,
  type Engine,
} from './container-engine.ts';
import { imageSpecs, type ImageSpec } from './image-list.ts';
import { ensureStandins } from './standin-images.ts';

export type BuildResult =
  { name: string; ref: string; seconds: number; bytes: number } | { name: string; skipped: string };
type Log = (line: string) => void;

/** The `ARG NAME=default` lines of a Dockerfile: its pinned public base images. */
export function dockerfileDefaults(dockerfile: string): Record<string, string> {
  const text = readFileSync(join(repoRoot, dockerfile), 'utf8');
  return Object.fromEntries(
    [...text.matchAll(/^ARG\s+(\w+_IMAGE)=(\S+)/gm)].map((m) => [m[1], m[2]]),
  );
}

/** Nx projects that have a build target (the frontend gets one when its engineer adds it). */
function projectsWithBuild(): Set<string> {
  const out = spawnSync('npx', ['nx', 'show', 'projects', '--with-target', 'build', '--json'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (out.status !== 0) throw new Error(`nx show projects failed: ${out.stderr}`);
  return new Set(JSON.parse(out.stdout));
}

/**
 * Bundles every image's project (Nx caches, so an unchanged project costs nothing).
 * Returns project -> why its image cannot be built now.
 */
export function buildOutputs(specs: ImageSpec[], log: Log = console.log): Map<string, string> {
  const buildable = projectsWithBuild();
  const unbuildable = new Map(
    specs
      .filter((s) => !buildable.has(s.project))
      .map((s) => [s.project, `${s.project} has no build target yet`]),
  );
  const projects = specs.map((s) => s.project).filter((p) => buildable.has(p));
  if (projects.length === 0) return unbuildable;
  log(`bundling ${projects.join(', ')} (nx build)`);
  const nxBuild = (list: string[]) =>
    spawnSync('npx', ['nx', 'run-many', '-t', 'build', '-p', ...list, '--outputStyle=static'], {
      cwd: repoRoot,
      stdio: 'ignore',
    }).status === 0;
  if (!nxBuild(projects)) {
    // Find which one failed (the others come from Nx's cache now), so the rest still get images.
    for (const project of projects) {
      if (!nxBuild([project])) unbuildable.set(project, `\`npx nx run ${project}:build\` fails`);
    }
  }
  return unbuildable;
}

/**
 * Which base images to build on. `public` uses the Dockerfiles' pinned defaults; `standin` the
 * local stand-ins; `auto` the public ones when the engine has or can pull them, else stand-ins.
 */
export function chooseBases(
  engine: Engine,
  mode = process.env.PODLAB_BASE_IMAGES ?? 'auto',
  log: Log = console.log,
): Record<string, string> {
  if (mode === 'standin') return ensureStandins(engine, log);
  if (mode === 'public') return {};
  const defaults = Object.values({
    ...dockerfileDefaults('docker/service.Dockerfile'),
    ...dockerfileDefaults('docker/frontend.Dockerfile'),
  });
  const missing = defaults.filter((ref) => !imageExists(engine, ref));
  if (engine.name === 'docker' && missing.length === 0) return {};
  for (const ref of missing) {
    if (
      run(engine, ['pull', '--quiet', ref], {
        stdio: 'ignore',
        allowFailure: true,
        timeout: 300_000,
      }) !== 0
    ) {
      log(`cannot pull ${ref} (no registry reachable?): building on local stand-ins instead`);
      return ensureStandins(engine, log);
    }
  }
  return {};
}

const externalsOf = (spec: ImageSpec): string[] => {
  const pkg = join(repoRoot, spec.output, '..', 'package.json');
  return existsSync(pkg)
    ? Object.keys(JSON.parse(readFileSync(pkg, 'utf8')).dependencies ?? {})
    : [];
};

/**
 * The machine's CA bundle file, if it names one: a build that installs from the npm registry
 * gets it as a build secret, so it works behind a TLS-intercepting proxy too.
 */
export const caBundle = (): string | undefined =>
  [process.env.NODE_EXTRA_CA_CERTS, process.env.SSL_CERT_FILE].find(
    (file) => file && existsSync(file),
  );

/**
 * Builds one image. Offline (`--network none`) unless the service has npm packages to install;
 * then the machine's CA bundle (if any) goes in as a build secret, for TLS-intercepting proxies.
 */
export function buildImage(
  engine: Engine,
  spec: ImageSpec,
  bases: Record<string, string>,
  {
    log = console.log,
    tag = spec.ref,
    dockerfile = spec.dockerfile,
    noCache = false,
  }: { log?: Log; tag?: string; dockerfile?: string; noCache?: boolean } = {},
): BuildResult {
  if (!existsSync(join(repoRoot, spec.output))) {
    return {
      name: spec.name,
      skipped: `${spec.output} is not built yet (${spec.project} has no build output)`,
    };
  }
  const externals = spec.kind === 'service' ? externalsOf(spec) : [];
  const network = externals.length === 0 ? ['--network', 'none'] : [];
  const ca = externals.length > 0 ? caBundle() : undefined;
  const args = [
    'build',
    '--quiet',
    '-f',
    join(repoRoot, dockerfile),
    '-t',
    tag,
    ...network,
    ...(ca ? ['--secret', `id=ca,src=${ca}`] : []),
    ...(noCache ? ['--no-cache'] : []),
    ...Object.entries({ ...bases, ...spec.buildArgs }).flatMap(([k, v]) => [
      '--build-arg',
      `${k}=${v}`,
    ]),
    repoRoot,
  ];
  const started = process.hrtime.bigint();
  run(engine, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const bytes = imageSize(engine, tag);
  log(
    `${tag.padEnd(34)} ${formatMiB(bytes).padStart(10)}  built in ${seconds.toFixed(1)} s${externals.length ? ` (npm: ${externals.join(', ')})` : ''}`,
  );
  return { name: spec.name, ref: tag, seconds, bytes };
}

/** Everything `npm run images` does, for the given image names (default: all). */
export function buildAllImages(
  engine: Engine,
  { only, bundle = true, log = console.log }: { only?: string[]; bundle?: boolean; log?: Log } = {},
): { results: BuildResult[]; bases: Record<string, string> } {
  const specs = imageSpecs().filter((s) => !only || only.includes(s.name));
  const unbuildable = bundle ? buildOutputs(specs, log) : new Map<string, string>();
  const bases = chooseBases(engine, undefined, log);
  const results: BuildResult[] = [];
  for (const spec of specs) {
    const reason = unbuildable.get(spec.project);
    const result: BuildResult = reason
      ? { name: spec.name, skipped: reason }
      : buildImage(engine, spec, bases, { log });
    if ('skipped' in result) log(`skip ${spec.ref}: ${result.skipped}`);
    results.push(result);
  }
  return { results, bases };
}

export { capture };

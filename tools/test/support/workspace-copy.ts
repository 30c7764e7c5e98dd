import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

export interface WorkspaceCopy {
  dir: string;
  /** Runs a command in the copy; answers its output, throws with the output when it fails. */
  run(command: string, args: string[]): string;
  /** `git status --porcelain` of the copy. */
  status(): string;
  remove(): void;
}

/**
 * A throw-away copy of the workspace: `git clone` of the repository's HEAD with the working
 * tree's tools/ over it (what is being tested), committed, so `git status` starts empty.
 * node_modules is not installed again: it is a folder of links to the repository's own
 * packages, except `@podlab/*`, which link to the copy's workspace packages as npm would.
 */
export function copyWorkspace(repoRoot: string): WorkspaceCopy {
  const dir = mkdtempSync(join(tmpdir(), 'podlab-generator-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'] });
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', repoRoot, dir], { stdio: 'ignore' });
  rmSync(join(dir, 'tools'), { recursive: true, force: true });
  cpSync(join(repoRoot, 'tools'), join(dir, 'tools'), {
    recursive: true,
    filter: (source) => !/[/\\](node_modules|out-tsc|dist)([/\\]|$)/.test(source),
  });
  linkNodeModules(repoRoot, dir);
  const env = cleanEnv();
  const run = (command: string, args: string[]) => {
    const result = spawnSync(command, args, {
      cwd: dir,
      env,
      encoding: 'utf-8',
      maxBuffer: 64 << 20,
    });
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
    if (result.status !== 0)
      throw new Error(
        `${command} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${output.slice(-12_000)}`,
      );
    return output;
  };
  // The tools project as the repository has it now, and the workspace in sync, as the baseline.
  run('npx', ['nx', 'sync']);
  git('add', '-A');
  git(
    '-c',
    'user.name=test',
    '-c',
    'user.email=test@localhost',
    'commit',
    '--quiet',
    '--allow-empty',
    '-m',
    'baseline',
  );
  return {
    dir,
    run,
    status: () => git('status', '--porcelain'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function linkNodeModules(repoRoot: string, dir: string): void {
  const source = join(repoRoot, 'node_modules');
  const target = join(dir, 'node_modules');
  mkdirSync(join(target, '@podlab'), { recursive: true });
  for (const entry of readdirSync(source)) {
    if (entry === '@podlab' || entry === '.cache') continue;
    symlinkSync(join(source, entry), join(target, entry));
  }
  for (const entry of readdirSync(join(source, '@podlab'))) {
    // `node_modules/@podlab/kit` → `../../libs/kit`: the same link, to the copy's libs/kit.
    const real = relative(
      repoRoot,
      join(source, '@podlab', readlinkSync(join(source, '@podlab', entry))),
    );
    symlinkSync(join('..', '..', real), join(target, '@podlab', entry));
  }
}

/** This process's environment without the outer runner's Nx and vitest variables (the test servers stay). */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(NX_|VITEST|TINYPOOL)/.test(key) || key === 'NODE_OPTIONS' || key === 'TEST') continue;
    env[key] = value;
  }
  return {
    ...env,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    // Kept between runs: the libraries' type checks and builds of an unchanged HEAD are cache hits.
    NX_CACHE_DIRECTORY: join(tmpdir(), 'podlab-generator-nx-cache'),
    CI: 'true',
    FORCE_COLOR: '0',
    NO_COLOR: '1',
  };
}

import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
 * node_modules is copied, not installed again: the generators run `npm install`, which must
 * find a real install to add the new package to (and must not touch the repository's own).
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
  copyNodeModules(repoRoot, dir);
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

/**
 * The repository's node_modules as it is, its links kept as written: `node_modules/@podlab/kit`
 * → `../../libs/kit` is then the copy's libs/kit, as npm would link it.
 */
function copyNodeModules(repoRoot: string, dir: string): void {
  const source = join(repoRoot, 'node_modules');
  cpSync(source, join(dir, 'node_modules'), {
    recursive: true,
    verbatimSymlinks: true,
    // npm trusts its record of the install (.package-lock.json) only while it is the newest.
    preserveTimestamps: true,
    filter: (path) => path !== join(source, '.cache'),
  });
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

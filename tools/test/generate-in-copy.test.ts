import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyWorkspace, type WorkspaceCopy } from './support/workspace-copy.js';

// The real thing, in a throw-away copy of the workspace: generate services with the option
// combinations that matter, run their lint, type check, unit and integration tests, the build
// and the manifest checks with no hand edit, then remove them and find the tree as it was.
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const services = [
  // --auth rides along with the todo-like combination rather than costing a fourth service.
  { name: 'gen-store', args: ['--database', '--public', '--amqp=none', '--auth'] },
  { name: 'gen-queue', args: ['--amqp=consumer'] },
  { name: 'gen-feed', args: ['--amqp=producer', '--database'] },
];
const projects = services.map((s) => `@podlab/${s.name}`);
const timings: string[] = [];
// Each step runs Nx in the copy: minutes, not the default seconds.
const STEP_MS = 300_000;

let copy: WorkspaceCopy;
const timed = <T>(what: string, work: () => T): T => {
  const started = performance.now();
  try {
    return work();
  } finally {
    timings.push(`${what} ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
};

/** Every problem the manifest checks report, without what changes with any new service. */
function manifestProblems(): Set<string> {
  const report = join(copy.dir, 'test-output', 'manifest-report.json');
  try {
    copy.run('npx', [
      'vitest',
      'run',
      '--root',
      'tests/manifests',
      '--reporter=json',
      `--outputFile=${report}`,
    ]);
  } catch {
    // Failures are read from the report below.
  }
  const results = JSON.parse(readFileSync(report, 'utf-8')) as {
    testResults: {
      message?: string;
      assertionResults: { status: string; failureMessages: string[] }[];
    }[];
  };
  const problems = new Set<string>();
  for (const file of results.testResults) {
    if (file.message) problems.add(file.message.split('\n')[0] ?? '');
    for (const message of file.assertionResults.flatMap((a) => a.failureMessages))
      for (const line of message.split('\n').filter((l) => /^\+\s+"/.test(l)))
        problems.add(
          line
            .replace(/ \(it builds .*/, '')
            .replace(/-[a-z0-9]{10}\b/g, '-<hash>')
            .trim(),
        );
  }
  rmSync(report, { force: true });
  return problems;
}

let before: Set<string>;
beforeAll(() => {
  copy = timed('copy the workspace', () => copyWorkspace(repoRoot));
  before = timed('manifest checks before', manifestProblems);
}, 2 * STEP_MS);

afterAll(() => {
  copy?.remove();
  console.log(`generator in a copy: ${timings.join(', ')}`);
});

describe('nx g @podlab/tools:service in a copy of the workspace', () => {
  it(
    'when services are generated, then they are wired in and the workspace is still in sync',
    () => {
      for (const { name, args } of services)
        timed(`generate ${name}`, () =>
          copy.run('npx', ['nx', 'g', '@podlab/tools:service', name, ...args]),
        );
      const status = copy.status();
      expect(status).toContain(`?? services/${services[0]?.name}/`);
      // npm wrote the new workspace packages into the lock (the generator ran `npm install`).
      expect(status).toContain(' M package-lock.json');
      timed('sync:check', () => copy.run('npx', ['nx', 'sync:check']));
      // npm linked the packages too: the next `npm start` must not run `npm ci` for them.
      const installCheck =
        "const { installProblem } = await import('./scripts/install-check.mjs'); console.log(installProblem('.') ?? 'installed');";
      expect(copy.run('node', ['--input-type=module', '-e', installCheck]).trim()).toBe(
        'installed',
      );
    },
    STEP_MS,
  );

  it(
    'when checked, then lint, type check, unit and integration tests pass untouched',
    () => {
      const output = timed('lint typecheck test', () =>
        copy.run('npx', [
          'nx',
          'run-many',
          '-t',
          'lint',
          'typecheck',
          'test',
          '-p',
          ...projects,
          '@podlab/contracts',
          '--outputStyle=static',
        ]),
      );
      expect(output).toContain('Successfully ran targets lint, typecheck, test for 4 projects');
    },
    STEP_MS,
  );

  it(
    'when built, then every project builds, the new ones included',
    () => {
      timed('build', () =>
        copy.run('npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=static']),
      );
      for (const { name } of services)
        expect(
          readFileSync(join(copy.dir, 'services', name, 'dist', 'main.js'), 'utf-8').length,
        ).toBeGreaterThan(0);
    },
    STEP_MS,
  );

  it(
    'when the manifests are checked, then the new services add no problem',
    () => {
      const after = timed('manifest checks after', manifestProblems);
      expect([...after].filter((problem) => !before.has(problem))).toEqual([]);
    },
    STEP_MS,
  );

  it(
    'when removed, then the tree is byte-identical to before',
    () => {
      for (const { name } of services)
        timed(`remove ${name}`, () =>
          copy.run('npx', ['nx', 'g', '@podlab/tools:remove-service', name]),
        );
      // Build output is ignored by git; the generated folders must be gone entirely.
      for (const { name } of services)
        rmSync(join(copy.dir, 'services', name), { recursive: true, force: true });
      expect(copy.status()).toBe('');
    },
    STEP_MS,
  );
});

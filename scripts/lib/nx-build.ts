import { spawnSync } from 'node:child_process';

/**
 * Runs `npx nx <args>` quietly (its errors still show); false when it failed. Skipped when
 * PODLAB_BUILT=1: the tests of `npm start` and `npm run k8s:control-plane` set it, because
 * `npm test` built every project before them, and Nx without its daemon (as in CI) restores
 * every cached output on each run, rewriting services' dist/ under the services that other
 * tests are starting at that moment.
 */
export function nxBuild(args: string[]): boolean {
  if (process.env.PODLAB_BUILT === '1') return true;
  const build = spawnSync('npx', ['nx', ...args, '--outputStyle=static'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return build.status === 0;
}

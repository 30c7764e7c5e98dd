// `npm start` (run.mjs has installed if needed): build every project, then run the local stack
// (broker, database, every service, and one router on PORT, default 8080).
import { spawn, spawnSync } from 'node:child_process';

console.log('[start] building (nx run-many -t build; cached after the first time)');
const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=static'], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (build.status !== 0) {
  console.error('[start] the build failed: run `npx nx run-many -t build` to see why');
  process.exit(1);
}
// The IPC channel is the stack's lifeline: if this process is killed, the stack sees it close
// and stops everything it started.
const stack = spawn(
  process.execPath,
  ['--enable-source-maps', 'scripts/local-stack/dist/start.js'],
  {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  },
);
// A SIGINT or SIGTERM sent to npm alone (what IDEs and process managers do) reaches us because npm
// forwards both to its child, which is this process: package.json's `exec` replaces the `sh -c`
// npm starts, which would otherwise swallow them. Both are passed on as SIGTERM, the orderly stop:
// a Ctrl-C in a terminal reaches the stack straight too (same process group), and a SIGINT from
// us as well would count as a second Ctrl-C, which stops without draining. Either way we wait
// until the stack has stopped, so the prompt comes back only once everything is down.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => stack.kill('SIGTERM'));
process.on('SIGHUP', () => stack.kill('SIGHUP'));
stack.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

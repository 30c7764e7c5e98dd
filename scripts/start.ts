// `npm start`: install if needed, build every project, then run the local stack (broker,
// database, every service, and one router on PORT, default 8080).
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
// Ctrl-C reaches the stack straight from the terminal (same process group); SIGTERM and SIGHUP
// sent to npm start alone are passed on. Either way we wait until the stack has stopped, so the
// prompt comes back only once everything is down.
process.on('SIGINT', () => undefined);
for (const signal of ['SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stack.kill(signal));
stack.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

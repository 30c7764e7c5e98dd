// `npm start` (run.mjs has installed if needed): build every project, then run the local stack
// (broker, database, every service, and one router on PORT, default 8080).
import { nxBuild } from './lib/nx-build.ts';
import { runUntilStopped } from './lib/run-until-stopped.ts';

console.log('[start] building (nx run-many -t build; cached after the first time)');
if (!nxBuild(['run-many', '-t', 'build'])) {
  console.error('[start] the build failed: run `npx nx run-many -t build` to see why');
  process.exit(1);
}
runUntilStopped('scripts/local-stack/dist/start.js');

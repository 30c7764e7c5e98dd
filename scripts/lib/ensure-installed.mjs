import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';

/**
 * `npm start` and `npm test` work on a fresh clone: install dependencies when node_modules is
 * missing or older than the lock file.
 */
export function ensureInstalled() {
  const marker = 'node_modules/.package-lock.json';
  const stale =
    !existsSync(marker) || statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs + 1000;
  if (!stale) return;
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
  console.log(`Installing dependencies (npm ci, ${Object.keys(lock.packages).length} packages)...`);
  const status = spawnSync('npm', ['ci'], { stdio: 'inherit' }).status;
  if (status !== 0) {
    console.error('npm ci failed: see the output above.');
    process.exit(status ?? 1);
  }
}

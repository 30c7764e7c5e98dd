// Plain JavaScript, like run.mjs that imports it: it runs before node_modules exists.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Why node_modules under `root` does not hold what package-lock.json asks for, or undefined
 * when it does. A lock file newer than the last install is compared entry by entry with npm's
 * record of that install (node_modules/.package-lock.json): a lock that is only touched (a
 * checkout, a pull that changed nothing installed) must not cost an `npm ci` on the next
 * `npm start`, while one that asks for a package or link node_modules lacks must.
 */
export function installProblem(root) {
  const record = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(record)) return 'node_modules is missing';
  const lockFile = join(root, 'package-lock.json');
  if (statSync(lockFile).mtimeMs <= statSync(record).mtimeMs + 1000) return undefined;
  const wanted = JSON.parse(readFileSync(lockFile, 'utf8')).packages;
  const installed = JSON.parse(readFileSync(record, 'utf8')).packages;
  for (const [path, entry] of Object.entries(wanted)) {
    // The root and the workspace folders themselves are not installed; their links are.
    if (!path.startsWith('node_modules/')) continue;
    if (entry.link) {
      if (!existsSync(join(root, path))) return `${path} is not linked`;
    } else if (installed[path]?.version !== entry.version) {
      // An optional package for another platform is rightly absent.
      if (entry.optional && !installed[path]) continue;
      return `${path} is not at ${entry.version}`;
    }
  }
  return undefined;
}

import type { Insertion } from './edits.ts';

interface WorkspacePackage {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const KEY_LINE = /^ {4}"([^"]*)": \{$/;

/** Before the first `packages` key that npm sorts after `key` (npm sorts them with localeCompare). */
function sortedPosition(key: string) {
  return (text: string): number | undefined => {
    let offset = 0;
    for (const line of text.split('\n')) {
      const found = KEY_LINE.exec(line)?.[1];
      if (found !== undefined && found !== '' && found.localeCompare(key, 'en') > 0) return offset;
      offset += line.length + 1;
    }
    return undefined;
  };
}

/**
 * The two entries `npm install` writes for a new workspace package, written the way npm writes
 * them, so `npm ci` accepts the lock at once and a later `npm install` changes nothing.
 */
export function lockfileInsertions(dir: string, pkg: WorkspacePackage): Insertion[] {
  const entry: Record<string, unknown> = { name: pkg.name, version: pkg.version };
  if (pkg.dependencies) entry.dependencies = pkg.dependencies;
  if (pkg.devDependencies) entry.devDependencies = pkg.devDependencies;
  const indent = (json: string) => json.split('\n').join('\n    ');
  const link = `node_modules/${pkg.name}`;
  return [
    {
      file: 'package-lock.json',
      anchor: `the sorted place of "${link}" in "packages"`,
      optional: true,
      snippet: `    "${link}": ${indent(JSON.stringify({ resolved: dir, link: true }, null, 2))},\n`,
      locate: sortedPosition(link),
    },
    {
      file: 'package-lock.json',
      anchor: `the sorted place of "${dir}" in "packages"`,
      optional: true,
      snippet: `    "${dir}": ${indent(JSON.stringify(entry, null, 2))},\n`,
      locate: sortedPosition(dir),
    },
  ];
}

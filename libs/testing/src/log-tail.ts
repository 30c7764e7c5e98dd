import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** The last lines of each existing file, labelled, for error messages about a failed server. */
export function tailOfLogs(files: readonly string[], lines = 25): string {
  const parts: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const tail = text.trimEnd().split('\n').slice(-lines).join('\n');
    if (tail) parts.push(`--- ${basename(file)} (last ${lines} lines) ---\n${tail}`);
  }
  return parts.length ? parts.join('\n') : '(no log output)';
}

/** True if a failed start's logs say the port was taken meanwhile, so a retry on fresh ports can help. */
export function logsSayAddressInUse(files: readonly string[]): boolean {
  return /eaddrinuse|address already in use/i.test(tailOfLogs(files, 200));
}

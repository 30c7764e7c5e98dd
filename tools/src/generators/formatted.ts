import { join } from 'node:path';
import { workspaceRoot } from '@nx/devkit';
import { format, getFileInfo, resolveConfig } from 'prettier';

/**
 * `text` as prettier writes it (`npm test` checks every file with `prettier --check`), so what
 * the generators write is never reformatted later; files prettier has no parser for are as given.
 */
export async function formatted(path: string, text: string): Promise<string> {
  // The workspace's own prettier config, also when the tree is a test's virtual one.
  const file = join(workspaceRoot, path);
  const { inferredParser } = await getFileInfo(file);
  if (!inferredParser) return text;
  const config = (await resolveConfig(file)) ?? {};
  return format(text, { ...config, filepath: file });
}

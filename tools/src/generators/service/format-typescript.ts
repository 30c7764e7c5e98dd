import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';

/**
 * Lays out the rendered TypeScript as the workspace's `prettier --check` wants it. A template
 * keeps or drops whole lines per option, so what is left (a call that lost an argument, a
 * parameter list of one) is still laid out for the lines it had: without this, a service made
 * without `--auth` would fail `npm test` the moment it was written.
 */
export async function formatTypeScript(files: Map<string, string>): Promise<void> {
  // The workspace's own settings, found from here: the generator lives in the workspace it writes to.
  const options = (await resolveConfig(fileURLToPath(import.meta.url))) ?? {};
  for (const [path, text] of files) {
    if (path.endsWith('.ts')) files.set(path, await format(text, { ...options, filepath: path }));
  }
}

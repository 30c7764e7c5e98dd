/**
 * A region of a hand-written file that the catalog sync rewrites: the lines between a
 * `BEGIN <name> (generated ...)` comment and its `END <name>` comment. Everything around it stays
 * as people wrote it, so the explanation of a file lives in the file.
 */
export interface Region {
  /** Names the region in its BEGIN and END comments. */
  name: string;
  /** The lines between the markers, each ending in a newline. */
  body: string;
}

/** What a file's BEGIN comment says after its name, so a reader knows not to edit below it. */
export const BEGIN_NOTE = '(generated from libs/catalog by `npx nx sync`: edit the catalog)';

/** `text` with each region's lines replaced; throws naming the file when a marker is missing. */
export function withRegions(path: string, text: string, regions: readonly Region[]): string {
  let result = text;
  for (const { name, body } of regions) {
    const begin = new RegExp(`^[^\\n]*\\bBEGIN ${name} \\(generated[^\\n]*\\n`, 'm');
    const end = new RegExp(`^[^\\n]*\\bEND ${name}\\b`, 'm');
    const opened = begin.exec(result);
    const closed = opened && end.exec(result.slice(opened.index + opened[0].length));
    if (!opened || !closed)
      throw new Error(
        `${path}: the lines marked "BEGIN ${name} (generated ...)" and "END ${name}" are missing; put them back where the catalog's lines go`,
      );
    const from = opened.index + opened[0].length;
    result = result.slice(0, from) + body + result.slice(from + closed.index);
  }
  return result;
}

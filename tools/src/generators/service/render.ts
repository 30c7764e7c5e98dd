import type { ServiceNames } from './names.ts';

const DIRECTIVE = /^\s*(?:\/\/|#) #(if|endif)\b\s*(.*)$/;

/**
 * Keeps or drops the lines between `// #if <flag>` (or `# #if` in YAML, JSON and text) and
 * `// #endif`. `<flag>` may be negated (`!database`) or a choice (`database|auth`); blocks nest. The directive lines go.
 * The templates are complete TypeScript with every block kept, which is what the tools
 * project type-checks and lints; each option combination only removes lines.
 */
export function applyConditions(text: string, flags: ReadonlySet<string>, file: string): string {
  const kept: string[] = [];
  const stack: boolean[] = [];
  for (const line of text.split('\n')) {
    const directive = DIRECTIVE.exec(line);
    if (directive?.[1] === 'if') {
      const condition = directive[2]?.trim() ?? '';
      // `a|b`: either flag. One import line can serve two options, where two copies of it
      // would not type-check in the template (which keeps every block).
      const holds = condition.split('|').map((term) => {
        const negated = term.startsWith('!');
        const flag = negated ? term.slice(1) : term;
        if (!KNOWN_FLAGS.has(flag)) throw new Error(`${file}: unknown #if flag "${condition}"`);
        return flags.has(flag) !== negated;
      });
      stack.push(holds.some(Boolean));
    } else if (directive?.[1] === 'endif') {
      if (stack.pop() === undefined) throw new Error(`${file}: #endif without #if`);
    } else if (stack.every(Boolean)) {
      kept.push(line);
    }
  }
  if (stack.length > 0) throw new Error(`${file}: #if without #endif`);
  return kept.join('\n');
}

const KNOWN_FLAGS = new Set([
  'database',
  'amqp',
  'consumer',
  'producer',
  'public',
  'auth',
  'secrets',
]);

/**
 * The template service is called `starter`: `Starter` becomes the PascalCase name, `STARTER`
 * the constant case, `starter` followed by a capital the camelCase, any other `starter` the
 * name itself; `__SNAKE__` and the other `__X__` placeholders come from `extra`.
 */
export function substitute(
  text: string,
  names: ServiceNames,
  extra: Record<string, string> = {},
): string {
  let out = text
    .replace(/__SNAKE__/g, names.snake)
    .replace(/STARTER/g, names.constant)
    .replace(/Starter/g, names.pascal)
    .replace(/starter(?=[A-Z])/g, names.camel)
    .replace(/starter/g, names.name);
  for (const [key, value] of Object.entries(extra)) out = out.split(`__${key}__`).join(value);
  return out;
}

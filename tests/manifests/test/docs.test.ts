// The tutorials are part of what a learner runs: the English and 繁體中文 copies must give the
// same commands, every lab must say how to turn it off, links must survive GitHub's autolinker,
// and the 繁體中文 text (documents and UI) must use the glossary's words.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const workspaceRoot = fileURLToPath(new URL('../../../', import.meta.url));

const read = (path: string) => readFileSync(join(workspaceRoot, path), 'utf8');

const FENCE = /^```[^\n]*\n[\s\S]*?^```$/gm;

/** The fenced code blocks, in order. */
function codeBlocks(markdown: string): string[] {
  return [...markdown.matchAll(FENCE)].map((m) => m[0]);
}

/**
 * A block's commands without its comments, which are translated: a `#` line, or ` # …` after a
 * command. The rest must be byte for byte the same in both languages.
 */
function commandsOf(block: string): string {
  return block
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .map((line) => line.replace(/\s+#\s.*$/, ''))
    .join('\n');
}

/** Running text: no code blocks, no inline code. */
function prose(markdown: string): string {
  return markdown.replace(FENCE, '').replace(/`[^`\n]*`/g, '');
}

/** `## Lab …` / `## 實驗 …` sections: heading and body. */
function labs(markdown: string, heading: RegExp): { title: string; body: string }[] {
  const parts = markdown.split(/^(?=## )/m);
  return parts
    .filter((part) => heading.test(part))
    .map((part) => ({ title: part.split('\n')[0], body: part }));
}

const pairs = [
  ['docs/tutorial.md', 'docs/tutorial.zh-TW.md'],
  ['docs/new-service.md', 'docs/new-service.zh-TW.md'],
] as const;

describe('the English and 繁體中文 documents', () => {
  for (const [en, zh] of pairs) {
    it(`when ${zh} is read beside ${en}, then it has the same commands in the same order`, () => {
      const enBlocks = codeBlocks(read(en)).map(commandsOf);
      const zhBlocks = codeBlocks(read(zh)).map(commandsOf);
      expect(
        zhBlocks.length,
        `${zh} has ${zhBlocks.length} code blocks, ${en} ${enBlocks.length}`,
      ).toBe(enBlocks.length);
      enBlocks.forEach((block, i) =>
        expect(zhBlocks[i], `code block ${i + 1} of ${zh}`).toBe(block),
      );
    });

    it(`when ${zh} is read beside ${en}, then it has the same edit steps for the tutorial test`, () => {
      // <!-- tutorial-test: uncomment … --> tells the control-plane test which overlay line a
      // learner edits before the next block (tests/control-plane).
      const steps = (file: string) =>
        [...read(file).matchAll(/<!-- tutorial-test: (.*?) -->/g)].map((m) => m[1]);
      expect(steps(zh)).toEqual(steps(en));
    });
  }
});

describe('the comments in 繁體中文 code blocks', () => {
  for (const [, zh] of pairs) {
    it(`when ${zh} comments a command, then the comment is in Chinese`, () => {
      // A comment with English words and no Chinese is one left untranslated (one was a
      // data-loss warning).
      const english = codeBlocks(read(zh))
        .flatMap((block) => block.split('\n'))
        .map((line) => /(?:^|\s)#\s(.*)$/.exec(line)?.[1])
        .filter((comment): comment is string => comment !== undefined)
        .filter((comment) => /[A-Za-z]{3,}/.test(comment) && !/[\u4e00-\u9fff]/.test(comment));
      expect(english).toEqual([]);
    });
  }
});

describe('every lab of the tutorial', () => {
  const cases = [
    ['docs/tutorial.md', /^## Lab \d+/, /^### Turn it off$/m],
    ['docs/tutorial.zh-TW.md', /^## 實驗 \d+/, /^### 關閉這個實驗$/m],
  ] as const;
  for (const [file, heading, turnOff] of cases) {
    it(`when a lab of ${file} ends, then a "turn it off" section leaves the cluster as before`, () => {
      const sections = labs(read(file), heading);
      expect(sections.length).toBeGreaterThan(10);
      const missing = sections.filter((s) => !turnOff.test(s.body)).map((s) => s.title);
      expect(missing, `labs without ${turnOff.source}`).toEqual([]);
    });
  }
  const openings = [
    ['docs/tutorial.md', /^## Lab \d+/, 'This lab '],
    ['docs/tutorial.zh-TW.md', /^## 實驗 \d+/, '這個實驗'],
  ] as const;
  for (const [file, heading, opening] of openings) {
    it(`when a lab of ${file} starts, then its first sentence says what it shows ("${opening}…")`, () => {
      const without = labs(read(file), heading)
        .filter((lab) => !(lab.body.split('\n\n')[1] ?? '').startsWith(opening))
        .map((lab) => lab.title);
      expect(without).toEqual([]);
    });
  }

  it('when both tutorials are counted, then they have the same labs', () => {
    expect(labs(read('docs/tutorial.zh-TW.md'), /^## 實驗 \d+/).length).toBe(
      labs(read('docs/tutorial.md'), /^## Lab \d+/).length,
    );
  });
});

/** Every Markdown file a learner reads on GitHub. */
function markdownFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(workspaceRoot, dir), { withFileTypes: true }).flatMap((entry) => {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : walk(path);
      return entry.name.endsWith('.md') ? [path] : [];
    });
  return ['README.md', ...walk('docs'), ...walk('k8s'), ...walk('kustomize')];
}

describe('links', () => {
  it('when a bare URL is followed by punctuation, then it is ASCII, which GitHub does not swallow into the link', () => {
    // GitHub's autolinker extends a bare URL up to whitespace: 。，）： would become part of it.
    const broken = markdownFiles().flatMap((file) =>
      [...prose(read(file)).matchAll(/(?<![<(])https?:\/\/[^\s<>]+/g)]
        .filter((m) => /[^\x20-\x7e]/.test(m[0]))
        .map((m) => `${file}: ${m[0]} (write <url> or [text](url))`),
    );
    expect(broken).toEqual([]);
  });
});

/** The glossary's rows: preferred 繁體中文 forms and the forms to avoid. */
function glossary(): { zh: string; avoid: string[] }[] {
  return (
    read('docs/glossary.md')
      .split('\n')
      // Table rows only: not the header, not the separator (`| --- |`, however prettier pads it).
      .filter(
        (line) =>
          line.startsWith('| ') && !line.startsWith('| English') && !/^[|\s:-]+$/.test(line),
      )
      .map((line) => line.split('|').map((cell) => cell.trim()))
      .map((cells) => ({
        zh: cells[2],
        avoid: cells[3] ? cells[3].split(/[,、]\s*/).filter(Boolean) : [],
      }))
  );
}

/** The string values of the zh-TW UI messages (every value is one single-quoted literal). */
function uiStrings(): string {
  const source = read('frontend/src/i18n/messages-zh-tw.ts');
  return [...source.matchAll(/:\s*'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1]).join('\n');
}

function avoidedIn(text: string, preferred: string, avoid: string): number {
  // The preferred forms (and a first-use gloss such as 副本（replica）) are fine.
  let rest = text.replace(/（[\x20-\x7e]*）/g, '');
  for (const form of preferred
    .split(/[、；/]/)
    .map((f) => f.trim())
    .filter(Boolean)) {
    rest = rest.split(form).join('');
  }
  const pattern = /^[A-Za-z]/.test(avoid)
    ? new RegExp(`(?<![A-Za-z_./-])${avoid}(?![A-Za-z_-])`, 'g')
    : new RegExp(avoid.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g');
  return [...rest.matchAll(pattern)].length;
}

/** The glossary's terms written with a gloss, such as 金絲雀部署（canary）: [term, gloss]. */
function glossedTerms(): [string, string][] {
  return glossary().flatMap(({ zh }) =>
    zh
      .split(/\s*\/\s*|、|；/)
      .map((part) => /^(.+?)（(.+?)）$/.exec(part.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m): [string, string] => [m[1], m[2]]),
  );
}

describe('the 繁體中文 glossary', () => {
  const texts: [string, string][] = [
    ...readdirSync(join(workspaceRoot, 'docs'))
      .filter((name) => name.endsWith('.zh-TW.md'))
      .map((name): [string, string] => [`docs/${name}`, prose(read(`docs/${name}`))]),
    ['frontend/src/i18n/messages-zh-tw.ts', uiStrings()],
  ];

  it('when the glossary is read, then it has terms and forms to avoid', () => {
    const rows = glossary();
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.filter((r) => r.avoid.length > 0).length).toBeGreaterThan(5);
  });

  // Headings do not count: the gloss belongs in the running text. The tutorial's at-a-glance
  // table comes before the labs, so its tables do not count either.
  const glossCases = [
    ['docs/tutorial.zh-TW.md', false],
    ['docs/new-service.zh-TW.md', true],
  ] as const;
  for (const [file, withTables] of glossCases) {
    it(`when a glossed term first appears in ${file}, then the English word follows it`, () => {
      // As the blog tutorials do: 金絲雀部署（canary） the first time, then the Chinese alone.
      const text = prose(read(file))
        .split('\n')
        .filter((line) => !line.startsWith('#') && (withTables || !line.startsWith('|')))
        .join(' ')
        .replace(/\s+/g, ' ');
      const unglossed = glossedTerms().flatMap(([term, gloss]) => {
        const at = text.indexOf(term);
        if (at < 0) return [];
        const paren = /^ ?（([^）]*)）/.exec(text.slice(at + term.length));
        return paren?.[1].includes(gloss)
          ? []
          : [`${term} first appears without （${gloss}）: …${text.slice(at, at + 30)}…`];
      });
      expect(unglossed).toEqual([]);
    });
  }

  for (const [file, text] of texts) {
    it(`when ${file} is read, then it uses the glossary's words`, () => {
      const found = glossary().flatMap(({ zh, avoid }) =>
        avoid
          .map((form) => [form, avoidedIn(text, zh, form)] as const)
          .filter(([, count]) => count > 0)
          .map(([form, count]) => `${form} ×${count} (write ${zh})`),
      );
      expect(found).toEqual([]);
    });
  }
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One step of the tutorial, in reading order. */
export type TutorialStep =
  | { kind: 'edit'; action: 'uncomment' | 'comment'; lab: string; line: number }
  | { kind: 'command'; command: string; line: number; skip?: string };

/** A `## ` section (Lab 3 — ..., Clean up ...) and its steps; `turnOffAt` indexes its "Turn it off" steps. */
export interface TutorialSection {
  title: string;
  steps: TutorialStep[];
  /** Index in `steps` where "### Turn it off" begins; undefined when the section has none. */
  turnOffAt?: number;
}

/** `# needs-real-cluster: <reason>` at the end of a line: it needs a real container or real traffic. */
const NEEDS_REAL_CLUSTER = /#\s*needs-real-cluster:\s*(.+)$/;
/** `<!-- tutorial-test: uncomment ../../components/canary -->`: the learner's edit of the overlay. */
const EDIT_MARKER = /<!--\s*tutorial-test:\s*(uncomment|comment)\s+(\S+)\s*-->/;

/** The command part of a shell line: without a trailing comment (`#` outside quotes, after a space). */
export function withoutComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1] as string)))
      return line.slice(0, i).trimEnd();
  }
  return line.trimEnd();
}

/** Why a kubectl line cannot run against kwok nodes, or undefined when it can. */
function skipReason(line: string): string | undefined {
  const marked = NEEDS_REAL_CLUSTER.exec(line)?.[1];
  if (marked) return marked.trim();
  const command = withoutComment(line);
  if (/&$/.test(command)) return 'runs in the background (a watch for the learner to look at)';
  if (/\s(-w|--watch)(\s|$)/.test(command)) return 'a watch never ends';
  return undefined;
}

/** Reads the tutorial's sections: edit markers and every line of its ```sh blocks. */
export function readTutorial(file: string): TutorialSection[] {
  const sections: TutorialSection[] = [{ title: '(introduction)', steps: [] }];
  const lines = readFileSync(file, 'utf8').split('\n');
  let inShell = false;
  let pending = '';
  lines.forEach((text, index) => {
    const section = sections[sections.length - 1] as TutorialSection;
    const line = index + 1;
    if (!inShell) {
      if (/^## /.test(text)) sections.push({ title: text.slice(3).trim(), steps: [] });
      else if (/^### Turn it off/i.test(text) || /^### 關閉/.test(text))
        section.turnOffAt = section.steps.length;
      else if (/^```(sh|bash|shell)\s*$/.test(text)) inShell = true;
      const edit = EDIT_MARKER.exec(text);
      if (edit)
        section.steps.push({
          kind: 'edit',
          action: edit[1] as 'uncomment' | 'comment',
          lab: edit[2] as string,
          line,
        });
      return;
    }
    if (/^```\s*$/.test(text)) {
      inShell = false;
      return;
    }
    // A backslash continues the command on the next line.
    if (/\\\s*$/.test(withoutComment(text))) {
      pending += withoutComment(text).replace(/\s*\\\s*$/, ' ');
      return;
    }
    const full = pending + (pending ? text.trimStart() : text);
    pending = '';
    if (full.trim() === '' || full.trim().startsWith('#')) return;
    section.steps.push({ kind: 'command', command: full.trim(), line, skip: skipReason(full) });
  });
  return sections;
}

/** Only kubectl runs against the control plane; npm, curl, docker... are the learner's. */
export const isKubectl = (step: TutorialStep): step is Extract<TutorialStep, { kind: 'command' }> =>
  step.kind === 'command' && /^kubectl\s/.test(step.command);

/** The command lines without comments, for comparing the English and the 繁體中文 copy. */
export const commandLines = (sections: TutorialSection[]): string[] =>
  sections.flatMap((s) =>
    s.steps.flatMap((step) => (step.kind === 'command' ? [withoutComment(step.command)] : [])),
  );

export const tutorialFile = (root: string, language: 'en' | 'zh-TW') =>
  join(root, 'docs', language === 'en' ? 'tutorial.md' : 'tutorial.zh-TW.md');

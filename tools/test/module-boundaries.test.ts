import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProjectGraphAsync } from '@nx/devkit';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The workspace rules of eslint.config.mjs, each proved by a planted import: the file does not
// exist, ESLint lints the text as if it stood at that path, with that project's own config.
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const RULE = '@nx/enforce-module-boundaries';

async function problems(path: string, ...imports: string[]): Promise<string[]> {
  const project = path.split('/').slice(0, path.startsWith('frontend/') ? 1 : 2);
  const eslint = new ESLint({ cwd: join(repoRoot, ...project) });
  const names = imports.map((_, i) => `m${i}`);
  const text = [
    ...imports.map((from, i) => `import * as ${names[i]} from '${from}';`),
    `export const planted = [${names.join(', ')}];`,
    '',
  ].join('\n');
  const [result] = await eslint.lintText(text, { filePath: join(repoRoot, path) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('module boundaries', () => {
  it('when a service src imports the test harness, then lint fails; its tests may', async () => {
    expect(await problems('services/todo/src/planted.ts', '@podlab/testing')).toEqual([
      `${RULE}: A project tagged with "type:service" can only depend on libs tagged with "type:lib"`,
    ]);
    expect(await problems('services/todo/test/planted.test.ts', '@podlab/testing')).toEqual([]);
    expect(await problems('services/todo/src/planted.spec.ts', '@podlab/testing')).toEqual([]);
  });

  it('when a service imports another service, then lint fails', async () => {
    expect(await problems('services/todo/src/planted.ts', '@podlab/chat/config')).toEqual([
      `${RULE}: A project tagged with "type:service" can only depend on libs tagged with "type:lib"`,
    ]);
  });

  it('when a project imports one of another scope, then lint fails', async () => {
    expect(await problems('services/producer/test/planted.test.ts', '@podlab/todo/config')).toEqual(
      [
        `${RULE}: A project tagged with "scope:pipeline" can only depend on libs tagged with "scope:pipeline", "scope:shared"`,
      ],
    );
  });

  it('when a lib imports a service, then lint fails', async () => {
    // Every lib is already a dependency of the services, so the rule reports the cycle first.
    const found = await problems('libs/contracts/src/planted.ts', '@podlab/todo/config');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^@nx\/enforce-module-boundaries: (Circular dependency|A project)/);
  });

  it('when the shipped frontend imports a Node lib, an unlisted package or a Node module, then lint fails', async () => {
    expect(
      await problems('frontend/src/planted.ts', '@podlab/kit', 'express', 'node:fs', 'path', 'vue'),
    ).toEqual([
      `${RULE}: A project tagged with "runtime:browser" can only depend on libs tagged with "runtime:browser", "runtime:any"`,
      `${RULE}: A project tagged with "runtime:browser" is not allowed to import "express"`,
      "no-restricted-imports: 'node:fs' import is restricted from being used by a pattern. Node.js only: the frontend runs in a browser.",
      "no-restricted-imports: 'path' import is restricted from being used. Node.js only: the frontend runs in a browser.",
    ]);
    // Its specs run in Node under vitest.
    expect(await problems('frontend/src/planted.spec.ts', 'node:fs', '@vue/test-utils')).toEqual(
      [],
    );
  });

  it('when a project has a scope tag, then a constraint covers it', async () => {
    const graph = await createProjectGraphAsync({ exitOnError: false });
    const used = new Set(
      Object.values(graph.nodes).flatMap((node) =>
        (node.data.tags ?? []).filter((tag) => tag.startsWith('scope:')),
      ),
    );
    const config = await new ESLint({ cwd: repoRoot }).calculateConfigForFile(
      join(repoRoot, 'libs/kit/src/index.ts'),
    );
    const [, { depConstraints }] = config.rules[RULE] as [
      unknown,
      { depConstraints: { sourceTag: string }[] },
    ];
    const covered = new Set(depConstraints.map((c) => c.sourceTag));
    expect([...used].filter((tag) => !covered.has(tag))).toEqual([]);
  });
});

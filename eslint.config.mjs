import { builtinModules } from 'node:module';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

/**
 * Root lint config. Every project extends it. The module-boundary rule keeps the graph honest
 * over three tag families (tools/test/module-boundaries.test.ts plants a violation of each):
 * - type: services reach libs only, never another service; libs never reach services; the
 *   test harness (type:testing) is for test files, so a service never ships it;
 * - scope: a project reaches its own scope and scope:shared, never another scope;
 * - runtime: a browser project reaches browser-safe libs and npm packages only.
 */

/** Files only tests run. They may use the harness; everything else is production code. */
export const testFiles = [
  '**/*.spec.ts',
  '**/*.test.ts',
  '**/test/**/*.ts',
  '**/src/testing/**/*.ts',
  '**/vitest.config.ts',
  '**/vite.config.ts',
];

/** Each scope reaches itself and the shared libs; a new scope is added here (the test checks). */
const scopes = ['app', 'pipeline', 'fuzz', 'starter'];

/** What the frontend's shipped code may import from npm: each must run in a browser. */
const browserPackages = ['vue', 'vue-router', 'pinia'];

const typeRules = (harness) => [
  { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib', ...harness] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
  // A benchmark runs the local stack's service processes and the image scripts.
  {
    sourceTag: 'type:benchmark',
    onlyDependOnLibsWithTags: ['type:lib', 'type:testing', 'type:tool'],
  },
  // The suites that test the workspace's own tools (npm run images, the cluster scripts) import them.
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:testing', 'type:tool'] },
];

const scopeRules = [
  ...scopes.map((scope) => ({
    sourceTag: `scope:${scope}`,
    onlyDependOnLibsWithTags: [`scope:${scope}`, 'scope:shared'],
  })),
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
];

const runtimeRules = (browserExternals) => [
  {
    sourceTag: 'runtime:browser',
    onlyDependOnLibsWithTags: ['runtime:browser', 'runtime:any'],
    ...browserExternals,
  },
  { sourceTag: 'runtime:any', onlyDependOnLibsWithTags: ['runtime:any'] },
  { sourceTag: 'runtime:node', onlyDependOnLibsWithTags: ['runtime:node', 'runtime:any'] },
];

// The rule names the first constraint an import breaks, so scope comes first: a
// cross-scope import is reported as such even where its type is also wrong.
const moduleBoundaries = (depConstraints) => [
  'error',
  { enforceBuildableLibDependency: false, allow: [], depConstraints },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  prettier,
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '**/.data',
      '**/test-output',
      '**/vite.config.*.timestamp*',
      '**/vitest.config.*.timestamp*',
    ],
  },
  {
    files: ['**/*.ts', '**/*.vue'],
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries([
        ...scopeRules,
        ...typeRules([]),
        ...runtimeRules({ allowedExternalImports: browserPackages }),
      ]),
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Tests start services through the harness, and a browser project's tests run in Node
    // (vitest, happy-dom), so neither limit applies to them.
    files: testFiles,
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries([
        ...scopeRules,
        ...typeRules(['type:testing']),
        ...runtimeRules({}),
      ]),
    },
  },
];

/**
 * Node's own modules, which the rule above cannot see (they are no project and no npm
 * package): a browser project's shipped code bans them by name (frontend/eslint.config.mjs).
 */
export const nodeBuiltins = {
  paths: builtinModules.filter((name) => !name.startsWith('_')),
};

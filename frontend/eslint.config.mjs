import vue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';
import baseConfig, { nodeBuiltins, testFiles } from '../eslint.config.mjs';

export default [
  ...baseConfig,
  { ignores: ['out-tsc'] },
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    plugins: { '@typescript-eslint': tseslint.plugin },
    languageOptions: {
      parserOptions: {
        parser: tseslint.parser,
        extraFileExtensions: ['.vue'],
        sourceType: 'module',
      },
    },
  },
  {
    files: ['**/*.ts', '**/*.vue'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly' } },
    rules: {
      // Formatting is prettier's job.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/no-v-html': 'error',
    },
  },
  {
    // The shipped app runs in a browser: Node's own modules do not exist there.
    files: ['**/*.ts', '**/*.vue'],
    ignores: testFiles,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.paths.map((name) => ({
            name,
            message: 'Node.js only: the frontend runs in a browser.',
          })),
          patterns: [{ regex: '^node:', message: 'Node.js only: the frontend runs in a browser.' }],
        },
      ],
    },
  },
];

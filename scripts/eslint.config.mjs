import baseConfig from '../eslint.config.mjs';

// local-stack is a project of its own, linted by its own config.
export default [...baseConfig, { ignores: ['local-stack/**', 'out-tsc/**'] }];

import { beforeAll, inject } from 'vitest';
import './provided.js';

// Runs before each e2e file (setupFiles): without a stack or a browser, every test here fails
// with the reason, while the rest of the suite still runs.
beforeAll(() => {
  const error = inject('setupError');
  if (error) throw new Error(`The e2e stack or browser did not start: ${error}`);
});

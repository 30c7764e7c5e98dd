import { afterAll } from 'vitest';
import { stopBuiltServices } from './spawn-built-service.js';

// The test files' entry point: spawnBuiltService, and after the file's tests every service it
// started that still runs is stopped. Scripts outside vitest (the benchmarks) import
// @podlab/testing/spawn-built-service and stop what they start themselves.
export {
  spawnBuiltService,
  type BuiltService,
  type SpawnBuiltServiceOptions,
} from './spawn-built-service.js';

// Registered when a test file imports this entry point, as vitest wants hooks: at the top level.
afterAll(stopBuiltServices);

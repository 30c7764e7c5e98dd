export { findKubectl, kustomize, type Kubectl } from './kubectl.js';
export { loadRendered } from './load.js';
export { validateSchema, SCHEMA_SOURCES } from './schema.js';
export { rules } from './rules/index.js';
export { builtImages, clusterVersions, k8sComponents, loadServiceConfigs } from './workspace.js';
export {
  learnerSetups,
  overlays,
  subsets,
  writeSetups,
  type Setup,
  type WrittenSetup,
} from './setups.js';
export {
  formatProblem,
  type CheckContext,
  type Manifest,
  type Problem,
  type Rule,
} from './model.js';

export { LeaderElector, type LeaderElectorOptions } from './leader-elector.js';
export {
  runWhileLeader,
  startLeaderElection,
  type Leadership,
  type LeaderContext,
  type LeaderElectionOptions,
} from './run-while-leader.js';
export {
  createKubernetesLeaseApi,
  KubernetesApiError,
  microTime,
  type KubernetesConnection,
  type Lease,
  type LeaseApi,
  type LeaseSpec,
} from './lease-api.js';
export {
  readInClusterConnection,
  SERVICE_ACCOUNT_DIR,
  type InClusterResult,
} from './in-cluster.js';

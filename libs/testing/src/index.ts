export type { PrivateServer, PrivateServerOptions } from './managed-server.js';
export {
  startRabbitMq,
  type RabbitMqServer,
  type StartRabbitMqOptions,
} from './rabbitmq-server.js';
export { startMariaDb, type MariaDbServer, type StartMariaDbOptions } from './mariadb-server.js';
export { createTestDatabase, type TestDatabase } from './test-database.js';
export {
  sharedServers,
  AMQP_URL_ENV,
  MYSQL_ADMIN_URL_ENV,
  type SharedServers,
} from './shared-servers.js';
export { uniqueName } from './unique-name.js';
export { waitFor, type WaitForOptions } from './wait-for.js';
export { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver.js';
export { findFreePorts } from './free-port.js';
export { missingServerPackages } from './find-binary.js';
export { readEventStream, type EventStreamHandlers, type SseEvent } from './read-event-stream.js';
// npm start's own cleanup (scripts/local-stack) finds what an earlier run left the same way the harness does.
export {
  isAlive,
  processGroupMembers,
  processMentions,
  processesMentioning,
  processStartTime,
} from './proc-fs.js';
export { signalGroup } from './process-group.js';
export {
  startKubernetes,
  type KubernetesControlPlane,
  type StartKubernetesOptions,
  type KubectlOptions,
  type KubectlResult,
} from './kubernetes-server.js';
export {
  ensureControlPlaneBinaries,
  cachedControlPlaneBinaries,
  findGo,
  findRepoRoot,
  type ControlPlaneBinaries,
} from './kubernetes-binaries.js';
export { MINIKUBE_NODE, K3D_NODE, kwokNodeObject, type KwokNodeSpec } from './kubernetes-nodes.js';
export { CONTROL_PLANE_ERROR_ENV } from './kubernetes-global-setup.js';
export {
  startTokenIssuer,
  type TokenIssuer,
  type TestUser,
  type SignOptions,
} from './token-issuer.js';
export { rawGet, type RawResponse } from './raw-get.js';
export { commentedComponents, uncomment } from './lab-lines.js';

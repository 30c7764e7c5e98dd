import type { Rule } from '../model.js';
import { apiFieldsRule } from './api-fields.js';
import { brokerMemoryRule } from './broker-memory.js';
import { configRefsRule } from './config-refs.js';
import { configSchemaRule } from './config-schema.js';
import { containersRule } from './containers.js';
import { eventStreamsRule } from './event-streams.js';
import { firstBootRule } from './first-boot.js';
import { gracefulShutdownRule } from './graceful-shutdown.js';
import { imagesRule } from './images.js';
import { ingressBackendsRule } from './ingress-backends.js';
import { meshRoutesRule } from './mesh-routes.js';
import { meshSidecarsRule } from './mesh-sidecars.js';
import { mysqlPoolRule } from './mysql-pool.js';
import { referencesRule } from './references.js';
import { selectorsRule } from './selectors.js';
import { servicePortsRule } from './service-ports.js';
import { telemetryPathsRule } from './telemetry-paths.js';

/** Every cross-reference rule, run on every rendered combination. */
export const rules: Rule[] = [
  selectorsRule,
  servicePortsRule,
  ingressBackendsRule,
  configRefsRule,
  configSchemaRule,
  mysqlPoolRule,
  containersRule,
  imagesRule,
  referencesRule,
  gracefulShutdownRule,
  meshRoutesRule,
  meshSidecarsRule,
  firstBootRule,
  apiFieldsRule,
  eventStreamsRule,
  brokerMemoryRule,
  telemetryPathsRule,
];

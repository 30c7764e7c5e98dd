export { runService } from './run-service.js';
export {
  startService,
  type RunningService,
  type ServiceContext,
  type ServiceFactory,
  type ServiceParts,
} from './start-service.js';

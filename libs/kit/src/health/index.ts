export { addHealthRoutes } from './health-routes.js';
export { checkReadiness, type ReadinessCheck, type ReadinessReport } from './readiness.js';

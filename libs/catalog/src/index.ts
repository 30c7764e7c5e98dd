export * from './grants.js';
export * from './service-catalog.js';

export * from './grants.ts';
export * from './public-service-names.ts';
export * from './service-catalog.ts';

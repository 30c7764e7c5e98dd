export * from './grants.ts';
export * from './service-catalog.ts';

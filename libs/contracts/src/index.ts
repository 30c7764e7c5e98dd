export * from './pipeline-payload-schema.js';
export * from './pipeline-message-schema.js';
export * from './service-info-schema.js';
export * from './error-schema.js';
// Each service's own request and response shapes, libs/contracts/src/<name>-api-schema.ts.
// BEGIN service-apis (generated from libs/catalog by `npx nx sync`: edit the catalog)
export * from './auth-api-schema.js';
export * from './todo-api-schema.js';
export * from './chat-api-schema.js';
export * from './producer-api-schema.js';
export * from './consumer-api-schema.js';
// END service-apis

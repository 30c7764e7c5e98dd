export * from './pipeline-message-schema.js';
export * from './producer-api-schema.js';
export * from './consumer-api-schema.js';
export * from './service-info-schema.js';
export * from './error-schema.js';
export * from './auth-api-schema.js';
export * from './todo-api-schema.js';
export * from './chat-api-schema.js';

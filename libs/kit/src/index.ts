export * from './config/index.js';
export * from './errors/index.js';
export * from './logging/index.js';
export * from './lifecycle/index.js';
export * from './http/index.js';
export * from './health/index.js';
export * from './runtime/index.js';
// The database, broker, token and leader-election modules are separate entry points
// (`@podlab/kit/db`, `@podlab/kit/messaging`, `@podlab/kit/auth`, `@podlab/kit/leader`), so a
// service bundles only the clients it uses.

// For type-checking the templates only (tsconfig.templates.json maps `@podlab/contracts` here):
// the real contracts plus the template service's own, as they are once it is generated.
export * from '@podlab-tools/real-contracts';
export * from './generators/service/files/contracts/starter-api-schema.ts';

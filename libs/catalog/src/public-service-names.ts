import { services } from './service-catalog.ts';

// BEGIN public-service-names (generated from libs/catalog by `npx nx sync`: edit the catalog)
export type PublicServiceName = 'auth' | 'todo' | 'chat' | 'producer' | 'consumer';
// END public-service-names

/**
 * The services routed at `routeOf(name)`, in catalog order, typed by name: the frontend asks
 * each one, and a name it writes that no public service has is a type error. TypeScript cannot
 * take literal names from JSON data, so the type above is written from the catalog and
 * `nx sync:check` keeps the two equal.
 */
export const publicServiceNames: readonly PublicServiceName[] = services
  .filter((service) => service.public)
  .map((service) => service.name as PublicServiceName);

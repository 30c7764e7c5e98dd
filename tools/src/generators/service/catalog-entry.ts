import type { CatalogService, Need } from '@podlab/catalog';
import type { ServiceNames } from './names.ts';
import type { ServiceOptions } from './options.ts';

/** The service's line in the catalog (libs/catalog): npm start, images, compose and the rest read it. */
export function catalogEntryOf(names: ServiceNames, options: ServiceOptions): CatalogService {
  const needs: Need[] = [
    ...(options.amqp !== 'none' ? (['amqp'] as const) : []),
    ...(options.database ? (['mysql'] as const) : []),
    // An --auth service verifies tokens with auth's public keys: without JWKS_URL it exits.
    ...(options.auth ? (['jwks'] as const) : []),
  ];
  return {
    name: names.name,
    needs,
    ...(options.database ? { database: { schema: names.snake, user: names.snake } } : {}),
    public: options.public,
    // Two replicas in npm start from the first day: load balancing is visible at once.
    instances: 2,
  };
}

import { JWKS_PATH, type CatalogService } from '@podlab/catalog';

/** What a service's env may refer to: every port is chosen before any service starts. */
export interface LocalStack {
  /** http://127.0.0.1:<port> of the service's first instance. */
  urlOf(service: string): string;
  /** auth's signing key: from the environment, or a development key kept in .data/. */
  signingKey(): Record<string, string>;
  /** True when the environment sets an OTLP endpoint (OTEL_EXPORTER_OTLP_ENDPOINT): the services trace. */
  tracing: boolean;
}

/**
 * The environment `npm start` gives a service beyond AMQP_URL, MYSQL_URL, PORT and POD_NAME,
 * from what its catalog entry (libs/catalog) says it needs.
 */
export function serviceEnv(service: CatalogService, stack: LocalStack): Record<string, string> {
  return {
    ...(service.needs.includes('signing-key') ? stack.signingKey() : {}),
    // Tokens are verified against auth's keys (fetched once, cached): auth's own port, not the
    // router, so a service need not wait for the router to be up.
    ...(service.needs.includes('jwks') ? { JWKS_URL: `${stack.urlOf('auth')}${JWKS_PATH}` } : {}),
    // The local router sets X-Forwarded-For from loopback, as the Ingress does in a cluster.
    ...(service.trustsProxy ? { TRUST_PROXY: 'loopback' } : {}),
    // Every OTEL_* variable reaches each service as it is, but one OTEL_SERVICE_NAME for all of
    // them would merge their spans into one service: each is named for itself.
    ...(stack.tracing ? { OTEL_SERVICE_NAME: service.name } : {}),
  };
}

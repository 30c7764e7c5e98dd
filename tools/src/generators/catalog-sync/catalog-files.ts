import {
  JWKS_PATH,
  SERVICE_GRANTS_SQL,
  contractOf,
  passwordKeyOf,
  routeOf,
  type CatalogService,
  type Need,
} from '@podlab/catalog';
import type { Region } from './generated-region.ts';

/** A file with regions written from the catalog. */
export interface CatalogFile {
  path: string;
  regions(services: readonly CatalogService[]): Region[];
  /** Part of an optional component: skipped when a team has deleted it. */
  optional?: boolean;
}

/** Lines, each ending in a newline; `false` entries are left out. */
const lines = (...all: (string | false)[]): string =>
  all
    .filter((line): line is string => line !== false)
    .map((line) => `${line}\n`)
    .join('');

const withDatabase = (services: readonly CatalogService[]) =>
  services.flatMap((s) => (s.database ? [{ ...s, database: s.database }] : []));

/** A laptop-only password, as docker/compose.yaml says at its top. */
const composePassword = (user: string) => `${user}-dev-password`;

function composeService(service: CatalogService): string {
  const { name, needs, database } = service;
  return lines(
    `  ${name}:`,
    '    <<: *node-service',
    `    image: localhost/podlab/${name}:dev`,
    `    build: { context: .., dockerfile: docker/service.Dockerfile, args: { SERVICE: ${name} } }`,
    '    environment:',
    needs.includes('signing-key') && '      <<: *dev-signing-key',
    needs.includes('amqp') && '      AMQP_URL: *amqp-url',
    database !== undefined &&
      `      MYSQL_URL: mysql://${database.user}:${composePassword(database.user)}@mysql:3306/${database.schema}`,
    needs.includes('jwks') && `      JWKS_URL: http://auth:3000${JWKS_PATH}`,
    service.trustsProxy === true && '      TRUST_PROXY: "1"',
    `      POD_NAME: ${name}`,
    (needs.includes('amqp') || needs.includes('mysql')) && '    depends_on:',
    needs.includes('amqp') && '      rabbitmq: { condition: service_healthy }',
    needs.includes('mysql') && '      mysql: { condition: service_healthy }',
  );
}

const podSelectors = (services: readonly CatalogService[], indent: string) =>
  lines(
    ...services.flatMap(({ name }) => [
      `${indent}- podSelector:`,
      `${indent}    matchLabels:`,
      `${indent}      app.kubernetes.io/name: ${name}`,
    ]),
  );

/** A network policy that lets in the services needing `need`: one podSelector each. */
const clientsOf = (policy: string, region: string, need: Need): CatalogFile => ({
  path: `kustomize/components/network-policies/${policy}.yaml`,
  optional: true,
  regions: (services) => [
    {
      name: region,
      body: podSelectors(
        services.filter((s) => s.needs.includes(need)),
        '        ',
      ),
    },
  ],
});

const publicOnes = (services: readonly CatalogService[]) => services.filter((s) => s.public);

/** Every file the catalog writes into, and what it writes there. */
export const CATALOG_FILES: readonly CatalogFile[] = [
  {
    // Services, tests and the frontend import every contract from this one module.
    path: 'libs/contracts/src/index.ts',
    regions: (services) => [
      {
        name: 'service-apis',
        body: lines(...services.map(({ name }) => `export * from './${contractOf(name)}.js';`)),
      },
    ],
  },
  {
    path: 'libs/catalog/src/public-service-names.ts',
    regions: (services) => {
      const names = publicOnes(services).map(({ name }) => `'${name}'`);
      return [
        {
          name: 'public-service-names',
          body: lines(
            `export type PublicServiceName = ${names.length > 0 ? names.join(' | ') : 'never'};`,
          ),
        },
      ];
    },
  },
  {
    path: 'docker/compose.yaml',
    regions: (services) => [
      { name: 'services', body: services.map(composeService).join('\n') },
      {
        name: 'routed-services',
        body: lines(
          ...publicOnes(services).map(
            ({ name }) => `      ${name}: { condition: service_healthy }`,
          ),
        ),
      },
    ],
  },
  {
    path: 'docker/compose/router.conf',
    regions: (services) => [
      {
        name: 'routes',
        body: lines(
          ...publicOnes(services).map(
            ({ name }) => `    location ${routeOf(name)}/ { proxy_pass http://${name}:3000; }`,
          ),
        ),
      },
    ],
  },
  {
    path: 'docker/compose/mysql-init/01-schemas.sql',
    regions: (services) => [
      {
        name: 'schemas',
        body: withDatabase(services)
          .map(({ database: { schema, user } }) =>
            lines(
              `CREATE DATABASE IF NOT EXISTS ${schema} CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;`,
              `CREATE USER IF NOT EXISTS '${user}'@'%' IDENTIFIED BY '${composePassword(user)}';`,
              `GRANT ${SERVICE_GRANTS_SQL} ON ${schema}.* TO '${user}'@'%';`,
            ),
          )
          .join('\n'),
      },
    ],
  },
  {
    path: 'k8s/mysql/initdb/10-schemas.sh',
    regions: (services) => [
      {
        name: 'schemas',
        body: lines(
          `SERVICE_GRANTS='${SERVICE_GRANTS_SQL}'`,
          ...withDatabase(services).map(
            ({ database }) =>
              `create_service_schema ${database.schema} ${database.user} "$${passwordKeyOf(database)}"`,
          ),
        ),
      },
    ],
  },
  clientsOf('mysql', 'clients', 'mysql'),
  clientsOf('rabbitmq', 'clients', 'amqp'),
  clientsOf('auth', 'jwks-clients', 'jwks'),
];

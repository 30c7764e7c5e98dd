import { z } from 'zod';
import * as catalogJson from './services.json' with { type: 'json' };

/** What a service's container is given through its environment, besides PORT and POD_NAME. */
export type Need =
  /** AMQP_URL: RabbitMQ. */
  | 'amqp'
  /** MYSQL_URL: its own schema and user (`database`). */
  | 'mysql'
  /** JWKS_URL: auth's public keys, to verify access tokens. */
  | 'jwks'
  /** JWT_PRIVATE_KEY and JWT_KEY_ID: the key auth signs tokens with (auth alone). */
  | 'signing-key';

export const NEEDS: readonly Need[] = ['amqp', 'mysql', 'jwks', 'signing-key'];

export interface ServiceDatabase {
  /** Its schema; no other service has rights on it. */
  schema: string;
  /** Its MySQL user, granted SERVICE_GRANTS on `schema` alone. */
  user: string;
}

/** One service podlab runs: everything outside its own folders that must know it exists. */
export interface CatalogService {
  /** DNS label: the folder, project (`@podlab/<name>`), image, Deployment and Service name. */
  name: string;
  needs: readonly Need[];
  /** Present exactly when it needs `mysql`. */
  database?: ServiceDatabase;
  /** Reachable from outside at `routeOf(name)` (Ingress, compose's router, npm start's router). */
  public: boolean;
  /**
   * Reads the client's address from X-Forwarded-For (rate limits per client): each runner sets
   * TRUST_PROXY to trust exactly its own router.
   */
  trustsProxy?: boolean;
  /** Replicas `npm start` runs behind its router; two show load balancing (and chat's fan-out). */
  instances: number;
}

/** The path auth serves its public keys on, behind its route. */
export const JWKS_PATH = '/api/auth/.well-known/jwks.json';

/** The public path of a service: the Ingress, compose's router and npm start route it alike. */
export const routeOf = (name: string): string => `/api/${name}`;

/**
 * A service's request and response shapes: its module in libs/contracts/src, which every service
 * has and the contracts' index exports (a region written from the catalog).
 */
export const contractOf = (name: string): string => `${name}-api-schema`;

/** The key of a service user's password in the cluster's Secret `mysql-secrets`. */
export const passwordKeyOf = (database: ServiceDatabase): string =>
  `${database.user.toUpperCase()}_DB_PASSWORD`;

const DNS_LABEL = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;
// Schema and user names go into SQL and shell unquoted or in backticks: plain words only.
const SQL_WORD = /^[a-z][a-z0-9_]*$/;
const sqlWord = z.string().regex(SQL_WORD, 'must be a lower-case word ([a-z0-9_])');

// Annotated with the interfaces, so the schema cannot drift from the documented types.
const serviceDatabaseSchema: z.ZodType<ServiceDatabase> = z.strictObject({
  schema: sqlWord,
  user: sqlWord,
});

const catalogServiceSchema: z.ZodType<CatalogService> = z
  .strictObject({
    name: z.string().regex(DNS_LABEL, 'not a DNS label'),
    needs: z.array(
      z.enum(NEEDS, { error: (issue) => `unknown need ${JSON.stringify(issue.input)}` }),
    ),
    database: serviceDatabaseSchema.optional(),
    public: z.boolean(),
    trustsProxy: z.boolean().optional(),
    instances: z.number().int('must be a whole number').min(1, 'must be at least 1'),
  })
  .refine((entry) => entry.needs.includes('mysql') === (entry.database !== undefined), {
    message: 'a database is given exactly when it needs mysql',
  });

/** The list of services: each entry checked, then what no entry can check alone. */
const catalogEntriesSchema = z.array(catalogServiceSchema).superRefine((entries, ctx) => {
  const seen = new Set<string>();
  entries.forEach(({ name }, index) => {
    if (seen.has(name)) ctx.addIssue({ code: 'custom', path: [index], message: 'listed twice' });
    seen.add(name);
  });
  const databases = entries.flatMap((e) => (e.database ? [e.database] : []));
  for (const key of ['schema', 'user'] as const)
    if (new Set(databases.map((d) => d[key])).size !== databases.length)
      ctx.addIssue({ code: 'custom', message: `two services share a database ${key}` });
});

/**
 * Why the catalog's entries are wrong, one line per problem (none when they are right), each
 * naming the service (or its position) and the field: `services.json: shop: instances: ...`.
 */
export function catalogProblems(entries: unknown): string[] {
  const result = catalogEntriesSchema.safeParse(entries);
  if (result.success) return [];
  return result.error.issues.map(({ path, message }) => {
    const [index, ...field] = path;
    if (typeof index !== 'number') return `services.json: ${message}`;
    const name = (entries as { name?: unknown }[])[index]?.name;
    const service = typeof name === 'string' ? name : `entry ${index + 1}`;
    return [`services.json: ${service}`, ...(field.length ? [field.join('.')] : []), message].join(
      ': ',
    );
  });
}

/**
 * The services of the catalog's JSON data, checked: throws listing every problem. The one
 * reading of services.json, here at import and in the generators, which read the file as their
 * tree has it.
 */
export function parseCatalog(data: unknown): CatalogService[] {
  const entries = (data as { services?: unknown } | null)?.services;
  if (!Array.isArray(entries)) throw new Error('services.json: "services" must be a list');
  const problems = catalogProblems(entries);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return entries as CatalogService[];
}

/**
 * Every service, in the order runners start and list them. The data is JSON so that the
 * generator edits it as data; it is checked here, once, when first imported.
 */
export const services: readonly CatalogService[] = parseCatalog(catalogData());

function catalogData(): unknown {
  // Node and Vite give a JSON module's data as its `default`; the CommonJS loader Nx runs the
  // workspace generators with gives the data itself.
  const json = catalogJson as { default?: unknown };
  return json.default ?? json;
}

/** The catalog entry of `name`; throws naming the service when there is none. */
export function serviceNamed(name: string): CatalogService {
  const found = services.find((service) => service.name === name);
  if (!found) throw new Error(`"${name}" is not in the service catalog (libs/catalog)`);
  return found;
}

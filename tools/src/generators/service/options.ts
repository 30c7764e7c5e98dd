export type AmqpRole = 'none' | 'consumer' | 'producer';

/** What `nx g @podlab/tools:service` is asked for (schema.json describes each option). */
export interface ServiceGeneratorSchema {
  name: string;
  database?: boolean;
  amqp?: AmqpRole;
  public?: boolean;
  auth?: boolean;
}

/**
 * The options with their defaults; recorded in the service's package.json for remove-service
 * (see `recordedOptions`).
 */
export interface ServiceOptions {
  database: boolean;
  amqp: AmqpRole;
  public: boolean;
  auth: boolean;
}

export function normalizeOptions(schema: Partial<ServiceGeneratorSchema>): ServiceOptions {
  const amqp = schema.amqp ?? 'none';
  if (!['none', 'consumer', 'producer'].includes(amqp))
    throw new Error(`--amqp must be consumer, producer or none, not "${String(amqp)}"`);
  return {
    database: schema.database === true,
    amqp,
    public: schema.public === true,
    auth: schema.auth === true,
  };
}

/** The flags `#if` lines in the templates test. `secrets`: it has a Secret (a URL with a password). */
export function flagsOf(options: ServiceOptions): Set<string> {
  const flags = new Set<string>();
  if (options.database) flags.add('database');
  if (options.amqp !== 'none') flags.add('amqp').add(options.amqp);
  if (options.public) flags.add('public');
  if (options.auth) flags.add('auth');
  if (options.database || options.amqp !== 'none') flags.add('secrets');
  return flags;
}

/**
 * What package.json records: `auth` only when it is on, so a service generated without it reads
 * as it did before the option existed (and older services' records still parse).
 */
export function recordedOptions(options: ServiceOptions): Partial<ServiceOptions> {
  const { auth, ...rest } = options;
  return auth ? options : rest;
}

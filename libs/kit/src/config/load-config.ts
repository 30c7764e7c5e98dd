import { hostname } from 'node:os';
import { z } from 'zod';

/** Keys every service reads, whatever it does. Each service extends this with its own. */
export const baseConfigSchema = z.object({
  PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(3000)
    .describe('HTTP port: API, /healthz, /readyz and /metrics'),
  HOST: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Address to listen on; unset: every interface, as a container must. npm start sets 127.0.0.1, so only its router is reachable',
    ),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Lowest log level written'),
  LOG_FORMAT: z
    .enum(['json', 'pretty'])
    .optional()
    .describe('json (one object per line) or pretty; unset: pretty on a terminal, json otherwise'),
  POD_NAME: z
    .string()
    .min(1)
    .default(hostname())
    .describe('Who served a request; the pod name in a cluster'),
  APP_VERSION: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Version reported by /info and response headers; defaults to the built package version',
    ),
  SHUTDOWN_DELAY_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(0)
    .describe(
      'After SIGTERM, how long to keep serving while /readyz says 503, so load balancers stop routing here first',
    ),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(30_000)
    .describe(
      'A request, headers and body, must arrive within this many ms, or it is answered 408 and its socket closed (bodies here are small; a slow sender holds nothing longer)',
    ),
  HTTP_HEADERS_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(20_000)
    .describe(
      "A request's headers must arrive within this many ms (at most HTTP_REQUEST_TIMEOUT_MS), or 408",
    ),
  SHUTDOWN_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1)
    .default(20_000)
    .describe('Upper bound for draining in-flight work and closing connections after SIGTERM'),
});
export type BaseConfig = z.infer<typeof baseConfigSchema>;

/**
 * The values a group of config keys (the shape a service spreads into its schema) parses to:
 * one definition per key, its type read from its zod schema rather than written again.
 */
export type ConfigOf<Shape extends z.ZodRawShape> = z.output<z.ZodObject<Shape>>;

/** Thrown when the environment does not satisfy a service's schema. Its message names every bad key. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment once at start-up. Empty strings count as unset, because a
 * Kubernetes ConfigMap or a shell `FOO=` commonly yields them for "not configured".
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.join('.') || '(root)';
    return cleaned[key] === undefined && issue.code === 'invalid_type'
      ? `${key} is required`
      : `${key}: ${issue.message}`;
  });
  throw new ConfigError(problems);
}

/** A URL in the given schemes, e.g. amqp:// for brokers, mysql:// for databases. */
export const urlWithScheme = (...schemes: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return schemes.includes(new URL(value).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}`,
  );

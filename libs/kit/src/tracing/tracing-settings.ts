import { z } from 'zod';
import { loadConfig, urlWithScheme } from '../config/load-config.js';

/**
 * The standard OpenTelemetry variables the kit honours, and nothing of its own: what a collector's
 * docs or the `observability` component set works unchanged. Tracing is on only when an OTLP
 * endpoint is set. The exporters read the endpoint (and OTEL_EXPORTER_OTLP_HEADERS, _TIMEOUT)
 * themselves; the resource detector reads OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES.
 */
export const tracingSettingsSchema = z.object({
  OTEL_EXPORTER_OTLP_ENDPOINT: urlWithScheme('http', 'https')
    .optional()
    .describe('OTLP/HTTP base URL (…/v1/traces is appended); unset: no tracing, no SDK loaded'),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: urlWithScheme('http', 'https')
    .optional()
    .describe('Full OTLP/HTTP traces URL, used as it is; wins over OTEL_EXPORTER_OTLP_ENDPOINT'),
  OTEL_EXPORTER_OTLP_PROTOCOL: z
    .enum(['http/protobuf', 'http/json'], {
      error: 'must be http/protobuf or http/json (grpc is not bundled)',
    })
    .default('http/protobuf')
    .describe('OTLP encoding over HTTP: http/protobuf (the spec default) or http/json'),
  OTEL_TRACES_SAMPLER: z
    .enum([
      'always_on',
      'always_off',
      'traceidratio',
      'parentbased_always_on',
      'parentbased_always_off',
      'parentbased_traceidratio',
    ])
    .default('parentbased_always_on')
    .describe('Which traces are kept; parentbased_* follow the caller’s decision'),
  OTEL_TRACES_SAMPLER_ARG: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(1)
    .describe('The ratio for the *traceidratio samplers'),
  OTEL_BSP_SCHEDULE_DELAY: z.coerce
    .number()
    .int()
    .min(0)
    .default(5_000)
    .describe('Longest a finished span waits before it is exported, in ms'),
});
export type TracingSettings = z.infer<typeof tracingSettingsSchema>;

/** Parses the OTEL_* variables; throws ConfigError naming any bad one. */
export function loadTracingSettings(env: NodeJS.ProcessEnv = process.env): TracingSettings {
  return loadConfig(tracingSettingsSchema, env);
}

export function tracingEnabled(settings: TracingSettings): boolean {
  return Boolean(
    settings.OTEL_EXPORTER_OTLP_ENDPOINT ?? settings.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
  );
}

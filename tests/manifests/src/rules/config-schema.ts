import { serviceWorkloads } from '../env.js';
import { problem, type Problem, type Rule } from '../model.js';

/**
 * The OpenTelemetry SDK's own variables, by the specification's names: the kit leaves them to the
 * SDK, so a service's schema need not list them (components/observability sets the first three).
 * Only these: a misspelt one is still stray.
 */
export const OTEL_SDK_VARIABLES = new Set([
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_PROTOCOL',
  'OTEL_SERVICE_NAME',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
  'OTEL_EXPORTER_OTLP_HEADERS',
  'OTEL_EXPORTER_OTLP_TIMEOUT',
  'OTEL_RESOURCE_ATTRIBUTES',
  'OTEL_TRACES_SAMPLER',
  'OTEL_TRACES_SAMPLER_ARG',
  'OTEL_PROPAGATORS',
  'OTEL_SDK_DISABLED',
  'OTEL_LOG_LEVEL',
]);

/**
 * Each service's config schema vs what its pods are given: every required key is provided
 * (ConfigMap, Secret or env), and nothing is provided that the schema does not know (a typo
 * there is a setting silently ignored).
 */
export const configSchemaRule: Rule = {
  id: 'config-schema',
  title:
    "each service's config schema keys vs the keys its ConfigMap, Secret and env give: none missing, none stray",
  check({ manifests, configs }) {
    const problems: Problem[] = [];
    const strayReported = new Set<string>();
    for (const { workload: w, config, field, env } of serviceWorkloads(manifests, configs)) {
      const known = new Set(config.keys.map((k) => k.name));
      for (const key of config.keys.filter((k) => k.required && !env.has(k.name))) {
        problems.push(
          problem(
            w.manifest,
            field,
            `${key.name} is required by ${config.source} but no ConfigMap, Secret or env entry of this container provides it`,
          ),
        );
      }
      for (const [name, source] of env) {
        if (known.has(name) || OTEL_SDK_VARIABLES.has(name)) continue;
        const id = `${source.manifest.file}|${source.manifest.object.kind}/${source.manifest.object.metadata.name}|${source.field}`;
        if (strayReported.has(id)) continue;
        strayReported.add(id);
        problems.push(
          problem(
            source.manifest,
            source.field,
            `${name} is not a key of ${config.source} (read by ${w.manifest.object.kind}/${w.manifest.object.metadata.name}): a typo, or a setting the service ignores`,
          ),
        );
      }
    }
    return problems;
  },
};

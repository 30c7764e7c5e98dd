import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type Sampler,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { createInstrumentations } from './instrumentations.js';
import { patchLoadedModules } from './patch-loaded-modules.js';
import type { TracingSettings } from './tracing-settings.js';

export interface TracedProcess {
  service: string;
  version: string;
  pod: string;
}

export interface Tracing {
  /** What the instrumentations patched, for the start-up log. */
  patched: string[];
  /** Exports the spans still buffered and stops: the last closer on shutdown. */
  shutdown(): Promise<void>;
}

/**
 * The OpenTelemetry SDK: loaded (imported) only when tracing is on. One tracer provider with a
 * batching OTLP/HTTP exporter, W3C trace context and baggage, AsyncLocalStorage for the active
 * span, and the instrumentations patched into the modules already loaded.
 */
export function startTracing(settings: TracingSettings, process: TracedProcess): Tracing {
  const resource = resourceFromAttributes({
    [ATTR_SERVICE_NAME]: process.service,
    [ATTR_SERVICE_VERSION]: process.version,
    // Semantic conventions' k8s.pod.name; POD_NAME is the downward-API pod name in a cluster.
    'k8s.pod.name': process.pod,
    'service.instance.id': process.pod,
  }).merge(detectResources({ detectors: [envDetector] }));
  const exporter =
    settings.OTEL_EXPORTER_OTLP_PROTOCOL === 'http/json'
      ? new OtlpJsonExporter()
      : new OtlpProtobufExporter();
  const provider = new TracerProvider({
    resource,
    sampler: sampler(settings),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter,
        scheduledDelayMillis: settings.OTEL_BSP_SCHEDULE_DELAY,
      }),
    ],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(
    new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
  );
  trace.setGlobalTracerProvider(provider);
  const instrumentations = createInstrumentations();
  for (const instrumentation of instrumentations) instrumentation.setTracerProvider(provider);
  const patched = patchLoadedModules(instrumentations);
  return { patched, shutdown: () => provider.shutdown() };
}

function sampler(settings: TracingSettings): Sampler {
  const ratio = new TraceIdRatioBasedSampler(settings.OTEL_TRACES_SAMPLER_ARG);
  switch (settings.OTEL_TRACES_SAMPLER) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio;
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio });
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

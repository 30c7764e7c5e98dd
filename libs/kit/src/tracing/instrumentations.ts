import { AmqplibInstrumentation } from '@opentelemetry/instrumentation-amqplib';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { MySQL2Instrumentation } from '@opentelemetry/instrumentation-mysql2';
import type { InstrumentationBase } from '@opentelemetry/instrumentation';

/**
 * What the kit uses of an instrumentation. Structural, because the http instrumentation (from
 * opentelemetry-js) and the contrib ones may pin different versions of the base class.
 */
export type PatchingInstrumentation = Pick<
  InstrumentationBase,
  'getModuleDefinitions' | 'setTracerProvider' | 'instrumentationName'
>;

/**
 * The maintained instrumentations of what the kit uses. Built disabled: they do not hook module
 * loading (the services are one esbuild bundle, where nothing is loaded by name); the kit applies
 * their patches to the modules already loaded (see patch-loaded-modules.ts). The bundle plugin
 * reads the same list to know which files to register.
 */
export function createInstrumentations(): PatchingInstrumentation[] {
  return [
    new HttpInstrumentation({
      enabled: false,
      // Probes and scrapes every few seconds would bury the requests worth a trace.
      ignoreIncomingRequestHook: (request) =>
        /^\/(healthz|readyz|metrics)(\?|$)/.test(request.url ?? ''),
    }),
    new ExpressInstrumentation({
      enabled: false,
      // A span per middleware (helmet, body parser, metrics, request log, …) is a dozen spans a
      // request that say nothing a route's span does not; routers and handlers keep theirs.
      ignoreLayersType: [ExpressLayerType.MIDDLEWARE],
    }),
    new MySQL2Instrumentation({ enabled: false }),
    new AmqplibInstrumentation({ enabled: false }),
  ];
}

/** A module or file an instrumentation patches, by the name it knows it by ('amqplib/lib/connect.js'). */
export interface InstrumentedModule {
  name: string;
  /** The package versions its patch is written for (semver ranges). */
  supportedVersions: string[];
  instrumentation: string;
}

export function instrumentedModules(
  instrumentations = createInstrumentations(),
): InstrumentedModule[] {
  return instrumentations.flatMap((instrumentation) =>
    instrumentation.getModuleDefinitions().flatMap((definition) => [
      {
        name: definition.name,
        supportedVersions: definition.supportedVersions,
        instrumentation: instrumentation.instrumentationName,
      },
      ...definition.files.map((file) => ({
        name: file.name,
        supportedVersions: file.supportedVersions,
        instrumentation: instrumentation.instrumentationName,
      })),
    ]),
  );
}

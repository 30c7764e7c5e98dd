import type { TracedProcess, Tracing } from './start-tracing.js';
import { tracingEnabled, type TracingSettings } from './tracing-settings.js';

export type { TracedProcess, Tracing } from './start-tracing.js';

/**
 * Starts tracing when an OTLP endpoint is set; otherwise does nothing at all. The SDK is a
 * dynamic import, so a service without an endpoint never evaluates it (in the bundle it stays
 * a lazily initialised module): no tracer, no context manager, no patched module, no cost.
 */
export async function openTracing(
  settings: TracingSettings,
  process: TracedProcess,
): Promise<Tracing | undefined> {
  if (!tracingEnabled(settings)) return undefined;
  const { startTracing } = await import('./start-tracing.js');
  return startTracing(settings, process);
}

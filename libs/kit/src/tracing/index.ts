export {
  loadTracingSettings,
  tracingEnabled,
  tracingSettingsSchema,
  type TracingSettings,
} from './tracing-settings.js';
export { activeTraceIds } from './active-trace-ids.js';
export { openTracing, type Tracing, type TracedProcess } from './open-tracing.js';

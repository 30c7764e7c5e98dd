import { isSpanContextValid, trace } from '@opentelemetry/api';

/**
 * trace_id and span_id of the span active where a log line is written, as the OpenTelemetry
 * log data model and the pino instrumentation name them, so a log search and a trace viewer
 * meet. Used as the logger's mixin only when tracing is on.
 */
export function activeTraceIds(): { trace_id?: string; span_id?: string; trace_flags?: string } {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return {
    trace_id: spanContext.traceId,
    span_id: spanContext.spanId,
    trace_flags: `0${spanContext.traceFlags.toString(16)}`,
  };
}

import {
  context,
  isSpanContextValid,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Link,
} from '@opentelemetry/api';

// Spans made here go through the global tracer: a no-op until the kit's tracing started.
const tracer = trace.getTracer('@podlab/kit/messaging');

/**
 * The context a delivery arrived in. With tracing on, the amqplib instrumentation made a consumer
 * span for the message, a child of its publisher's span (the traceparent header), and made it
 * active around the consume callback; the span ends when the message is acked.
 */
export const deliveryContext = (): Context => context.active();

/**
 * Runs the commit of a batch in one span linked to every message it carries, as a child of the
 * first message's span: a trace that follows one POST reaches the INSERT that stored it.
 * Without tracing (no span in the contexts) it only runs `commit`.
 */
export function inBatchSpan<R>(
  queue: string,
  contexts: Context[],
  commit: () => Promise<R>,
): Promise<R> {
  const links: Link[] = [];
  for (const delivery of contexts) {
    const spanContext = trace.getSpanContext(delivery);
    if (spanContext && isSpanContextValid(spanContext)) links.push({ context: spanContext });
  }
  if (links.length === 0) return commit();
  const attributes = {
    'messaging.system': 'rabbitmq',
    'messaging.operation.type': 'process',
    'messaging.destination.name': queue,
    'messaging.batch.message_count': contexts.length,
  };
  const parent = contexts[0] ?? context.active();
  return tracer.startActiveSpan(
    `process ${queue} batch`,
    { kind: SpanKind.CONSUMER, links, attributes },
    parent,
    async (span) => {
      try {
        return await commit();
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/**
 * Marks a message's span as failed, naming why it was dead-lettered; the span ends with that
 * status when the message is acked after the dead-letter exchange confirmed it.
 */
export function markDeadLettered(delivery: Context, reason: string): void {
  const span = trace.getSpan(delivery);
  if (!span) return;
  span.setAttribute('podlab.dead_letter.reason', reason);
  span.setStatus({ code: SpanStatusCode.ERROR, message: `dead-lettered: ${reason}` });
}

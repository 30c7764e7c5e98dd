import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CORRELATION_ID_HEADER } from '@podlab/contracts';

const acceptable = /^[\w.:-]{1,128}$/;

/**
 * The correlation id of a request: the caller's (an Ingress or another service) when it looks
 * sane, else a new one. It is echoed in the response and travels on in AMQP headers.
 */
export function assignCorrelationId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers[CORRELATION_ID_HEADER];
  const id = typeof incoming === 'string' && acceptable.test(incoming) ? incoming : randomUUID();
  res.setHeader(CORRELATION_ID_HEADER, id);
  return id;
}

/** The correlation id assigned to this request (see assignCorrelationId). */
export function correlationIdOf(req: IncomingMessage): string {
  return String((req as IncomingMessage & { id?: unknown }).id ?? '');
}

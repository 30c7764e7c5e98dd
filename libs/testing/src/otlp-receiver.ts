import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One span as the OTLP JSON encoding carries it (ids are hex strings there), with its service. */
export interface ReceivedSpan {
  service: string;
  resource: Record<string, unknown>;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  status: { code?: number; message?: string };
  links: { traceId: string; spanId: string }[];
  attributes: Record<string, unknown>;
}

interface OtlpKeyValue {
  key: string;
  value: Record<string, unknown>;
}

interface OtlpTraces {
  resourceSpans?: {
    resource?: { attributes?: OtlpKeyValue[] };
    scopeSpans?: {
      spans?: (Omit<ReceivedSpan, 'service' | 'resource' | 'attributes'> & {
        attributes?: OtlpKeyValue[];
      })[];
    }[];
  }[];
}

export interface OtlpReceiver {
  /** What OTEL_EXPORTER_OTLP_ENDPOINT is set to: http://127.0.0.1:<port>. */
  endpoint: string;
  /** Every span received in the JSON encoding, in arrival order. */
  spans: ReceivedSpan[];
  /** Export requests answered, in either encoding. */
  readonly requests: number;
  close(): Promise<void>;
}

/**
 * A real OTLP/HTTP receiver on a free loopback port, as a collector's: it takes POST /v1/traces
 * in the spec's JSON encoding (OTEL_EXPORTER_OTLP_PROTOCOL=http/json) and keeps every span; in
 * protobuf (the default encoding) it only counts the requests, as a sink for benchmarks.
 * Anything else is answered 415 or 404, so a service sending to a wrong path or in a wrong
 * encoding fails instead of passing silently.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  let requests = 0;
  const server = createServer(async (request, response) => {
    if (request.method !== 'POST' || request.url !== '/v1/traces') {
      response.writeHead(404).end();
      return;
    }
    const type = request.headers['content-type'] ?? '';
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    requests += 1;
    if (type.startsWith('application/x-protobuf')) {
      // An empty ExportTraceServiceResponse: everything accepted.
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      return;
    }
    if (!type.startsWith('application/json')) {
      response.writeHead(415).end();
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpTraces;
    for (const resourceSpans of body.resourceSpans ?? []) {
      const resource = attributesOf(resourceSpans.resource?.attributes);
      for (const scopeSpans of resourceSpans.scopeSpans ?? [])
        for (const span of scopeSpans.spans ?? [])
          spans.push({
            ...span,
            service: String(resource['service.name']),
            resource,
            links: span.links ?? [],
            status: span.status ?? {},
            attributes: attributesOf(span.attributes),
          });
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** OTLP's [{ key, value: { stringValue } }] → { key: value }. */
function attributesOf(list: OtlpKeyValue[] = []): Record<string, unknown> {
  return Object.fromEntries(list.map(({ key, value }) => [key, Object.values(value)[0]]));
}

import type { JsonSchema } from './schema-arbitraries.js';

export interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: JsonSchema;
}

/** One operation as the fuzzer reads it from a service's OpenAPI document. */
export interface Operation {
  service: string;
  operationId: string;
  method: string;
  /** The full path template, with the server prefix: `/api/todo/todos/{id}`. */
  path: string;
  security: 'none' | 'bearer' | 'bearerOrQueryToken' | 'refreshCookie';
  parameters: Parameter[];
  body?: JsonSchema;
  /** Documented statuses and, for 2xx, the JSON body schema or that it is an event stream. */
  responses: Record<string, { json?: JsonSchema; eventStream: boolean }>;
}

export interface OpenApiDocument {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, JsonSchema>>;
  components: { schemas: Record<string, JsonSchema> };
}

/** Every operation of a document, in document order. */
export function operationsOf(service: string, document: OpenApiDocument): Operation[] {
  const prefix = document.servers[0]?.url ?? '';
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, raw]) => {
      const security = (raw.security ?? []) as Record<string, unknown>[];
      const schemes = security.flatMap((requirement) => Object.keys(requirement));
      const content = (raw.requestBody as { content?: Record<string, { schema: JsonSchema }> })
        ?.content;
      const responses = Object.fromEntries(
        Object.entries(
          raw.responses as Record<string, { content?: Record<string, JsonSchema> }>,
        ).map(([status, response]) => [
          status,
          {
            json: response.content?.['application/json']?.schema as JsonSchema | undefined,
            eventStream: response.content?.['text/event-stream'] !== undefined,
          },
        ]),
      );
      return {
        service,
        operationId: String(raw.operationId),
        method: method.toUpperCase(),
        path: `${prefix}${path}`,
        security: schemes.includes('refreshCookie')
          ? 'refreshCookie'
          : schemes.includes('accessTokenQuery')
            ? 'bearerOrQueryToken'
            : schemes.includes('bearer')
              ? 'bearer'
              : 'none',
        parameters: (raw.parameters ?? []) as Parameter[],
        body: content?.['application/json']?.schema,
        responses,
      } satisfies Operation;
    }),
  );
}

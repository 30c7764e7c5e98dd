import { z } from 'zod';
import { REFRESH_COOKIE_NAME } from '../auth-api-schema.js';
import { CHAT_EVENTS_TOKEN_PARAM } from '../chat-api-schema.js';
import { errorResponseSchema } from '../error-schema.js';
import { serviceInfoSchema } from '../service-info-schema.js';
import type { ApiOperation, ServiceApi } from './api-operation.js';

/** A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) as plain data. */
export type JsonSchema = { [key: string]: unknown };

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  paths: Record<string, Record<string, JsonSchema>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
}

/** Routes the kit gives every service, documented in each service's document. */
const kitOperations: ApiOperation[] = [
  {
    operationId: 'getInfo',
    method: 'get',
    path: '/info',
    summary: 'Which pod and version answered',
    security: 'none',
    responses: { 200: { description: 'This instance', json: serviceInfoSchema } },
  },
  {
    operationId: 'getOpenApi',
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    security: 'none',
    responses: {
      200: { description: 'OpenAPI 3.1', json: z.looseObject({ openapi: z.string() }) },
    },
  },
];

const securityOf: Record<ApiOperation['security'], JsonSchema[]> = {
  none: [],
  bearer: [{ bearer: [] }],
  bearerOrQueryToken: [{ bearer: [] }, { accessTokenQuery: [] }],
  refreshCookie: [{ refreshCookie: [] }],
};

/**
 * The OpenAPI 3.1 document of a service, generated from the zod schemas its routes validate
 * with (zod 4's own JSON Schema output, draft 2020-12: the dialect OpenAPI 3.1 uses). Request
 * schemas describe what a client may send (`io: 'input'`: defaults make fields optional),
 * response schemas what it gets back.
 */
export function buildOpenApiDocument(api: ServiceApi, version: string): OpenApiDocument {
  const schemas = new SchemaCollector();
  const errorRef = schemas.named('ErrorResponse', errorResponseSchema, 'output');
  const paths: OpenApiDocument['paths'] = {};
  for (const operation of [...kitOperations, ...api.operations]) {
    paths[operation.path] ??= {};
    paths[operation.path]![operation.method] = describeOperation(operation, schemas, errorRef);
  }
  return {
    openapi: '3.1.0',
    info: { title: `podlab ${api.service}`, version, description: api.description },
    servers: [{ url: `/api/${api.service}` }],
    paths,
    components: {
      schemas: schemas.all,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        accessTokenQuery: { type: 'apiKey', in: 'query', name: CHAT_EVENTS_TOKEN_PARAM },
        refreshCookie: { type: 'apiKey', in: 'cookie', name: REFRESH_COOKIE_NAME },
      },
    },
  };
}

function describeOperation(
  operation: ApiOperation,
  schemas: SchemaCollector,
  errorRef: JsonSchema,
): JsonSchema {
  const { operationId } = operation;
  const parameters = [
    ...parametersOf(operation.params, 'path', schemas, operationId),
    ...parametersOf(operation.query, 'query', schemas, operationId),
  ];
  const responses: Record<string, JsonSchema> = {};
  for (const [status, response] of Object.entries(operation.responses)) {
    const content: JsonSchema = {};
    if (response.json)
      content['application/json'] = {
        schema: schemas.inline(response.json, 'output', operationId),
      };
    if (response.eventStream)
      content['text/event-stream'] = {
        schema: {
          type: 'string',
          description: 'Server-sent events; `x-event-data` is each `data:`',
        },
        'x-event-data': schemas.inline(response.eventStream, 'output', operationId),
      };
    responses[status] = {
      description: response.description,
      ...(Object.keys(content).length > 0 ? { content } : {}),
    };
  }
  for (const [status, description] of Object.entries(errorsOf(operation))) {
    responses[status] = { description, content: { 'application/json': { schema: errorRef } } };
  }
  return {
    operationId,
    summary: operation.summary,
    security: securityOf[operation.security],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(operation.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: schemas.inline(operation.body, 'input', operationId) },
            },
          },
        }
      : {}),
    responses,
  };
}

/** What the kit answers for any route, by what the route takes, besides the operation's own errors. */
function errorsOf(operation: ApiOperation): Record<string, string> {
  const errors: Record<string, string> = {};
  if (operation.body || operation.query || operation.params)
    errors[400] = 'VALIDATION_FAILED (details name each bad field), BODY_REQUIRED or INVALID_JSON';
  if (operation.security.startsWith('bearer'))
    errors[401] = 'UNAUTHENTICATED: no valid access token';
  if (operation.body) {
    errors[413] = 'PAYLOAD_TOO_LARGE';
    errors[415] = 'UNSUPPORTED_MEDIA_TYPE: send Content-Type: application/json';
  }
  return { ...errors, ...operation.errors };
}

function parametersOf(
  object: z.ZodObject | undefined,
  where: 'path' | 'query',
  schemas: SchemaCollector,
  operationId: string,
): JsonSchema[] {
  if (!object) return [];
  const schema = schemas.inline(object, 'input', operationId);
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

/**
 * Turns zod schemas into JSON Schemas for the document. zod puts what a schema refers to
 * recursively (z.json()) under its own `$defs`; inside an OpenAPI document `#/$defs/...` would
 * point at the document's root, so those move to `components.schemas` (one entry per distinct
 * definition) and their references follow.
 */
class SchemaCollector {
  readonly all: Record<string, JsonSchema> = {};
  private readonly byContent = new Map<string, string>();

  named(name: string, schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    this.all[name] = this.inline(schema, io, name);
    return { $ref: `#/components/schemas/${name}` };
  }

  inline(schema: z.ZodType, io: 'input' | 'output', context: string): JsonSchema {
    const generated = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
    }) as JsonSchema;
    const { $schema: _dialect, $defs, ...rest } = generated;
    const renamed = new Map<string, string>();
    for (const [key, definition] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
      const content = JSON.stringify(definition);
      let name = this.byContent.get(content);
      if (!name) {
        name = `${context}Part${this.byContent.size + 1}`;
        this.byContent.set(content, name);
      }
      renamed.set(`#/$defs/${key}`, `#/components/schemas/${name}`);
    }
    const relink = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(relink);
      if (value === null || typeof value !== 'object') return value;
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [
          k,
          k === '$ref' && typeof v === 'string' ? (renamed.get(v) ?? v) : relink(v),
        ]),
      );
    };
    for (const [key, definition] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
      const name = renamed.get(`#/$defs/${key}`)!.split('/').pop()!;
      this.all[name] ??= relink(definition) as JsonSchema;
    }
    return relink(rest) as JsonSchema;
  }
}

import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, type JsonSchema } from './build-openapi-document.js';
import { authApi, chatApi, consumerApi, producerApi, todoApi } from './index.js';

const apis = [authApi, chatApi, consumerApi, producerApi, todoApi];

/** Every `$ref` in a value, wherever it is nested. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === '$ref' && typeof inner === 'string' ? [inner] : refsIn(inner),
  );
}

describe.each(apis)('the OpenAPI document of $service', (api) => {
  const document = buildOpenApiDocument(api, '1.0.0');

  it('when built, then it is OpenAPI 3.1 served under the Ingress path, with every operation once', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: `/api/${api.service}` }]);
    const ids = Object.values(document.paths).flatMap((item) =>
      Object.values(item).map((operation) => operation.operationId),
    );
    expect(ids).toEqual(
      expect.arrayContaining([
        'getInfo',
        'getOpenApi',
        ...api.operations.map((o) => o.operationId),
      ]),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('when it refers to a schema, then the schema is in the document (no dangling $defs)', () => {
    const refs = refsIn(document);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(document.components.schemas[ref.split('/').pop()!]).toBeDefined();
    }
  });

  it('when a path has {parameters}, then each is a required path parameter', () => {
    for (const [path, item] of Object.entries(document.paths)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const operation of Object.values(item)) {
        const inPath = ((operation.parameters ?? []) as JsonSchema[])
          .filter((p) => p.in === 'path')
          .map((p) => (expect(p.required).toBe(true), p.name));
        expect(inPath).toEqual(names);
      }
    }
  });

  it('when an operation takes input or a token, then its 400/401 answers are the error shape', () => {
    for (const item of Object.values(document.paths)) {
      for (const operation of Object.values(item)) {
        const responses = operation.responses as Record<string, JsonSchema>;
        const takesInput =
          operation.requestBody !== undefined || operation.parameters !== undefined;
        if (takesInput) expect(responses['400']).toBeDefined();
        if ((operation.security as unknown[]).length > 0 && api.service !== 'auth')
          expect(responses['401']).toBeDefined();
        for (const [status, response] of Object.entries(responses)) {
          if (Number(status) >= 400)
            expect(response.content).toEqual({
              'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } },
            });
        }
      }
    }
  });
});

describe('a body that holds any JSON (the producer’s payload)', () => {
  it('when documented, then its recursive schema lives in components and refers to itself there', () => {
    const document = buildOpenApiDocument(producerApi, '1.0.0');
    const body = document.paths['/messages']?.post?.requestBody as {
      content: Record<string, { schema: JsonSchema }>;
    };
    const refs = refsIn(body.content['application/json']?.schema);
    expect(refs).toHaveLength(1);
    const name = refs[0]!.split('/').pop()!;
    const inner = refsIn(document.components.schemas[name]);
    expect(inner.length).toBeGreaterThan(0);
    expect(new Set(inner)).toEqual(new Set(refs));
  });
});

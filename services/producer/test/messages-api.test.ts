import type { ErrorResponse, PublishResponse, ServiceInfo } from '@podlab/contracts';
import { sharedServers, uniqueName } from '@podlab/testing';
import { startTestService } from '@podlab/testing/service';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../src/config.js';
import { createProducer } from '../src/create-producer.js';

const queue = uniqueName('producer_api');
const producer = await startTestService('producer', configSchema, createProducer, {
  AMQP_URL: sharedServers().amqpUrl,
  AMQP_QUEUE: queue,
  AMQP_EXCHANGE: `${queue}.x`,
});

const post = (
  body: string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
) => fetch(`${producer.url}/api/producer/messages`, { method: 'POST', headers, body });

describe('POST /api/producer/messages', () => {
  it('when given one payload, then it answers 202 with the message id once the broker confirmed it', async () => {
    await expect.poll(async () => (await fetch(`${producer.url}/readyz`)).status).toBe(200);
    const response = await post(JSON.stringify({ payload: { hello: 'world' } }));
    expect(response.status).toBe(202);
    const body = (await response.json()) as PublishResponse;
    expect(body.accepted).toBe(1);
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.correlationId).toBe(response.headers.get('x-correlation-id'));
  });

  it('when given a count, then it answers 202 with how many were accepted', async () => {
    const response = await post(JSON.stringify({ count: 250, payloadBytes: 16 }));
    expect(response.status).toBe(202);
    expect(((await response.json()) as PublishResponse).accepted).toBe(250);
  });

  it('when the caller sends a correlation id, then the published messages carry it', async () => {
    const response = await post(JSON.stringify({ payload: 1 }), {
      'content-type': 'application/json',
      'x-correlation-id': 'trace-abc-123',
    });
    expect(((await response.json()) as PublishResponse).correlationId).toBe('trace-abc-123');
  });
});

describe('POST /api/producer/messages with bad input', () => {
  const cases: {
    name: string;
    body: string;
    headers?: Record<string, string>;
    status: number;
    code: string;
    names?: string;
  }[] = [
    { name: 'invalid JSON', body: '{"payload": ', status: 400, code: 'INVALID_JSON' },
    {
      name: 'an empty object',
      body: '{}',
      status: 400,
      code: 'VALIDATION_FAILED',
      names: 'body.payload',
    },
    {
      name: 'a count that is a string',
      body: '{"count":"ten"}',
      status: 400,
      code: 'VALIDATION_FAILED',
      names: 'body.count',
    },
    {
      name: 'a count of zero',
      body: '{"count":0}',
      status: 400,
      code: 'VALIDATION_FAILED',
      names: 'body.count',
    },
    {
      name: 'a count above the bound',
      body: '{"count":100001}',
      status: 400,
      code: 'VALIDATION_FAILED',
      names: 'body.count',
    },
    {
      name: 'a fractional count',
      body: '{"count":1.5}',
      status: 400,
      code: 'VALIDATION_FAILED',
      names: 'body.count',
    },
    {
      name: 'a payloadBytes too large',
      body: '{"count":1,"payloadBytes":9999999}',
      status: 400,
      code: 'VALIDATION_FAILED',
      names: 'body.payloadBytes',
    },
    {
      name: 'a batch over the 64 MiB total',
      body: '{"count":1025,"payloadBytes":65536}',
      status: 400,
      code: 'VALIDATION_FAILED',
      names: 'body.payloadBytes',
    },
    {
      name: 'an unknown field',
      body: '{"payload":1,"extra":true}',
      status: 400,
      code: 'VALIDATION_FAILED',
      names: 'extra',
    },
    { name: 'a JSON array', body: '[1,2]', status: 400, code: 'VALIDATION_FAILED' },
    { name: 'a JSON string', body: '"hi"', status: 400, code: 'VALIDATION_FAILED' },
    {
      name: 'a body over the size limit',
      body: JSON.stringify({ payload: 'x'.repeat(200_000) }),
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    },
    {
      name: 'a form body',
      body: 'payload=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    },
    { name: 'no body', body: '', status: 400, code: 'VALIDATION_FAILED', names: 'body.payload' },
  ];

  for (const c of cases) {
    it(`when given ${c.name}, then it answers ${c.status} ${c.code}`, async () => {
      const response = await post(c.body, c.headers);
      expect(response.status).toBe(c.status);
      expect(response.headers.get('content-type')).toContain('application/json');
      const body = (await response.json()) as ErrorResponse;
      expect(body.error.code).toBe(c.code);
      expect(body.error.message).not.toMatch(/at .*\.(ts|js):\d+/);
      if (c.names) expect(body.error.message).toContain(c.names);
    });
  }

  it('when given an unknown route, then it answers 404 NOT_FOUND naming it', async () => {
    const response = await fetch(`${producer.url}/api/producer/nope`, { method: 'DELETE' });
    expect(response.status).toBe(404);
    expect(((await response.json()) as ErrorResponse).error.message).toBe(
      'No route for DELETE /api/producer/nope',
    );
  });

  it('when bad input was sent, then the process still serves', async () => {
    expect((await fetch(`${producer.url}/healthz`)).status).toBe(200);
  });
});

describe('GET /api/producer/info', () => {
  it('when asked, then it names the service, version and pod, and the headers say the same', async () => {
    const response = await fetch(`${producer.url}/api/producer/info`);
    const info = (await response.json()) as ServiceInfo;
    expect(info).toMatchObject({
      service: 'producer',
      version: expect.any(String),
      pod: expect.any(String),
    });
    expect(response.headers.get('x-served-by-pod')).toBe(info.pod);
    expect(response.headers.get('x-served-by-version')).toBe(info.version);
  });
});

describe('GET /metrics', () => {
  it('when scraped, then it exposes request durations by route', async () => {
    const text = await (await fetch(`${producer.url}/metrics`)).text();
    expect(text).toContain('http_request_duration_seconds_bucket');
    expect(text).toContain('route="/api/producer/messages"');
  });
});

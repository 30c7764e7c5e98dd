import 'amqplib';
import express from 'express';
import 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../config/load-config.js';
import { openTracing, type Tracing } from './open-tracing.js';
import { loadTracingSettings } from './tracing-settings.js';

const process = { service: 'probe', version: '1.2.3', pod: 'probe-1' };
// Where @opentelemetry/api keeps what an SDK registers (tracer provider, context manager, propagator).
const apiGlobal = Symbol.for('opentelemetry.js.api.1');
const wrapped = (fn: unknown) => Boolean((fn as { __wrapped?: boolean }).__wrapped);

describe('openTracing', () => {
  let tracing: Tracing | undefined;
  afterAll(() => tracing?.shutdown());

  it('when no OTLP endpoint is set, then nothing is started, registered or patched', async () => {
    expect(await openTracing(loadTracingSettings({}), process)).toBeUndefined();
    expect((globalThis as Record<symbol, unknown>)[apiGlobal]).toBeUndefined();
    expect(wrapped(express.application.use)).toBe(false);
  });

  it('when an endpoint is set, then the instrumentations patch http, express, mysql2 and amqplib as loaded', async () => {
    tracing = await openTracing(
      loadTracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }),
      process,
    );
    expect(tracing?.patched).toEqual(
      expect.arrayContaining([
        'http',
        'express',
        'mysql2/lib/connection.js',
        'amqplib/lib/channel_model.js',
      ]),
    );
    expect(wrapped(express.application.use)).toBe(true);
  });
});

describe('loadTracingSettings', () => {
  it('when the protocol is grpc, then it fails naming the variable', () => {
    expect(() => loadTracingSettings({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(
      new ConfigError([
        'OTEL_EXPORTER_OTLP_PROTOCOL: must be http/protobuf or http/json (grpc is not bundled)',
      ]),
    );
  });

  it('when the endpoint is not an http URL, then it fails naming the variable', () => {
    expect(() => loadTracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT: must be a URL starting with http:\/\/ or https:\/\//,
    );
  });

  it('when the sampler is unknown, then it fails naming the variable', () => {
    expect(() => loadTracingSettings({ OTEL_TRACES_SAMPLER: 'sometimes' })).toThrow(
      /OTEL_TRACES_SAMPLER/,
    );
  });
});

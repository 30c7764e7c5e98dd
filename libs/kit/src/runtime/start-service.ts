import { once } from 'node:events';
import { createServer, STATUS_CODES, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ServiceApi } from '@podlab/contracts/openapi';
import type { Router } from 'express';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { BaseConfig } from '../config/load-config.js';
import type { ReadinessCheck } from '../health/readiness.js';
import { createHttpApp } from '../http/create-http-app.js';
import { Lifecycle } from '../lifecycle/lifecycle.js';
import { createLogger, type Logger } from '../logging/create-logger.js';
import { activeTraceIds } from '../tracing/active-trace-ids.js';
import { openTracing } from '../tracing/open-tracing.js';
import { loadTracingSettings, tracingEnabled } from '../tracing/tracing-settings.js';

/** What a service's wiring function gets: everything created once per process. */
export interface ServiceContext<C extends BaseConfig> {
  service: string;
  version: string;
  pod: string;
  config: C;
  logger: Logger;
  lifecycle: Lifecycle;
  registry: Registry;
}

/** What a service's wiring function returns: its API and what it needs to be ready. */
export interface ServiceParts {
  api: Router;
  readiness: Record<string, ReadinessCheck>;
  /** Its operations, for the OpenAPI document served at `/api/<service>/openapi.json`. */
  openApi?: ServiceApi;
  bodyLimit?: string;
  trustProxy?: boolean | number | string;
}

export type ServiceFactory<C extends BaseConfig> = (
  context: ServiceContext<C>,
) => Promise<ServiceParts>;

export interface RunningService {
  url: string;
  port: number;
  logger: Logger;
  lifecycle: Lifecycle;
  server: Server;
  /** The same shutdown SIGTERM runs: drain, close in reverse order. */
  stop(): Promise<boolean>;
}

/**
 * Wires a service and starts listening on `config.PORT` (0 in tests). The runner and the
 * tests share this, so what tests start is what production runs, signals apart.
 */
export async function startService<C extends BaseConfig>(
  service: string,
  factory: ServiceFactory<C>,
  config: C,
  options: { logger?: Logger; host?: string } = {},
): Promise<RunningService> {
  const version = config.APP_VERSION ?? process.env.PODLAB_BUILD_VERSION ?? '0.0.0-dev';
  const pod = config.POD_NAME;
  const tracingSettings = loadTracingSettings();
  const logger =
    options.logger ??
    createLogger({
      service,
      level: config.LOG_LEVEL,
      format: config.LOG_FORMAT,
      pod,
      version,
      mixin: tracingEnabled(tracingSettings) ? activeTraceIds : undefined,
    });
  const lifecycle = new Lifecycle({
    logger,
    shutdownDelayMs: config.SHUTDOWN_DELAY_MS,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  });
  // Before the factory makes a server, pool or channel; registered first, so it closes last and
  // exports the spans of everything drained before it.
  const tracing = await openTracing(tracingSettings, { service, version, pod });
  if (tracing) {
    lifecycle.onShutdown('tracing', () => tracing.shutdown());
    logger.info({ instrumented: tracing.patched }, 'tracing on');
  }
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });

  let parts: ServiceParts;
  try {
    parts = await factory({ service, version, pod, config, logger, lifecycle, registry });
  } catch (error) {
    // Release whatever the factory managed to open before it failed.
    await lifecycle.shutdown('start-up failed');
    throw error;
  }
  const app = createHttpApp({ service, version, pod, logger, lifecycle, registry, ...parts });
  const host = options.host ?? config.HOST;
  const server = createServer(
    {
      // A request must arrive whole within these, or it is answered 408 and its socket closed:
      // Node's defaults let a client that sends a body byte by byte hold a socket for 300 s.
      requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
      headersTimeout: Math.min(config.HTTP_HEADERS_TIMEOUT_MS, config.HTTP_REQUEST_TIMEOUT_MS),
      // How often they are checked; Node's 30 s would let each run up to 30 s over.
      connectionsCheckingInterval: Math.min(1_000, config.HTTP_HEADERS_TIMEOUT_MS),
    },
    app,
  );
  // Longer than any proxy's idle timeout, so a proxy never reuses a socket we are closing.
  server.keepAliveTimeout = 65_000;
  server.on('clientError', answerClientError);
  if (host) server.listen(config.PORT, host);
  else server.listen(config.PORT);
  await once(server, 'listening');
  lifecycle.onShutdown('http server', () => closeServer(server));

  const port = (server.address() as AddressInfo).port;
  logger.info({ port, host: host ?? 'every interface' }, `${service} listening`);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    logger,
    lifecycle,
    server,
    stop: () => lifecycle.shutdown('stop'),
  };
}

/**
 * Stops accepting and lets in-flight requests finish. Keep-alive sockets are closed as soon as
 * they fall idle (responses while draining also say `Connection: close`), so a client polling
 * on one connection cannot hold the shutdown open.
 */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    const sweeper = setInterval(() => server.closeIdleConnections(), 50);
    server.close((error) => {
      clearInterval(sweeper);
      if (error) reject(error);
      else resolve();
    });
    server.closeIdleConnections();
  });
}

const clientErrorStatus: Record<string, number> = {
  HPE_HEADER_OVERFLOW: 431,
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 413,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

const clientErrorCode: Record<number, string> = {
  431: 'HEADERS_TOO_LARGE',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
};

/** Node answers unparseable requests and over-long headers itself with an empty body; keep the JSON error format. */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = clientErrorStatus[error.code ?? ''] ?? 400;
  const body = JSON.stringify({
    error: {
      code: clientErrorCode[status] ?? 'BAD_REQUEST',
      message: STATUS_CODES[status],
    },
  });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

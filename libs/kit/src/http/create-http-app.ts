import {
  SERVED_BY_POD_HEADER,
  SERVED_BY_VERSION_HEADER,
  type ServiceInfo,
} from '@podlab/contracts';
import { buildOpenApiDocument, type ServiceApi } from '@podlab/contracts/openapi';
import express, { type Express, type RequestHandler, type Router } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { AppError } from '../errors/app-error.js';
import { addHealthRoutes } from '../health/health-routes.js';
import type { ReadinessCheck } from '../health/readiness.js';
import type { Lifecycle } from '../lifecycle/lifecycle.js';
import { errorHandler, notFoundHandler } from './error-handler.js';
import { httpMetrics } from './http-metrics.js';
import { requestLogging } from './request-log.js';

export interface HttpAppOptions {
  service: string;
  version: string;
  pod: string;
  logger: Logger;
  lifecycle: Lifecycle;
  registry: Registry;
  readiness: Record<string, ReadinessCheck>;
  /** The service's API, mounted at `/api/<service>` (the Ingress path, kept as is). */
  api: Router;
  /** The operations of `api`, served as its OpenAPI 3.1 document at `/api/<service>/openapi.json`. */
  openApi?: ServiceApi;
  bodyLimit?: string;
  /** Express `trust proxy`: set only when a known proxy (the Ingress) sets X-Forwarded-For. */
  trustProxy?: boolean | number | string;
}

const startedAt = Date.now();

/** The express app every service is: security headers, logs, limits, health, its API, one error format. Not listening. */
export function createHttpApp(options: HttpAppOptions): Express {
  const { service, version, pod, logger } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? false);
  app.set('etag', false);

  // Each app.use is a layer every request walks through, and each nested router parses the URL
  // again: the per-request steps are few and the routes sit on the app itself (measured in
  // benchmarks/README.md, "The todo list: where its extra CPU went").
  app.use(helmet({ strictTransportSecurity: false }));
  app.use(responseHeaders(pod, version, options.lifecycle));
  app.use(requestLogging(app, logger));
  const metrics = httpMetrics(options.registry);
  app.use(metrics.handler);
  addHealthRoutes(app, options.lifecycle, options.readiness, options.registry);
  app.use(
    jsonBody(
      express.json({
        limit: options.bodyLimit ?? '100kb',
        strict: false,
        type: ['application/json', 'application/*+json'],
      }),
    ),
  );

  app.get(`/api/${service}/info`, (_req, res) => {
    const body: ServiceInfo = {
      service,
      version,
      pod,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    };
    res.json(body);
  });
  if (options.openApi) {
    const document = JSON.stringify(buildOpenApiDocument(options.openApi, version));
    app.get(`/api/${service}/openapi.json`, (_req, res) => {
      res.type('application/json').send(document);
    });
  }
  app.use(`/api/${service}`, options.api);
  metrics.labelRoutes(app);

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}

/**
 * Which pod and version answered (the rolling-update lab reads them), and while draining
 * `Connection: close` so keep-alive clients reconnect to another replica after this answer.
 * Strict-Transport-Security only over TLS: a TLS socket, or `X-Forwarded-Proto: https` from a
 * proxy `trust proxy` vouches for (the Ingress). Over plain http browsers ignore it, and it
 * would announce a policy for a site that has no HTTPS. helmet's value: one year, subdomains
 * included.
 */
function responseHeaders(pod: string, version: string, lifecycle: Lifecycle): RequestHandler {
  return (req, res, next) => {
    res.setHeader(SERVED_BY_POD_HEADER, pod);
    res.setHeader(SERVED_BY_VERSION_HEADER, version);
    if (lifecycle.draining) res.setHeader('Connection', 'close');
    if (req.secure)
      res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  };
}

/**
 * A body in anything but JSON is refused by name, instead of silently arriving as `undefined`;
 * the rest goes to the JSON parser. A request with neither Content-Length nor
 * Transfer-Encoding has no body (the parser would skip it too) and skips both.
 */
function jsonBody(parser: RequestHandler): RequestHandler {
  return (req, res, next) => {
    const length = req.headers['content-length'];
    const chunked = req.headers['transfer-encoding'] !== undefined;
    if (length === undefined && !chunked) {
      next();
      return;
    }
    if ((Number(length) > 0 || chunked) && !req.is(['application/json', 'application/*+json'])) {
      next(
        new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          'Send the body as JSON with Content-Type: application/json',
          { status: 415 },
        ),
      );
      return;
    }
    parser(req, res, next);
  };
}

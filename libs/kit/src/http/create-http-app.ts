import {
  SERVED_BY_POD_HEADER,
  SERVED_BY_VERSION_HEADER,
  type ServiceInfo,
} from '@podlab/contracts';
import { buildOpenApiDocument, type ServiceApi } from '@podlab/contracts/openapi';
import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { AppError } from '../errors/app-error.js';
import { healthRoutes } from '../health/health-routes.js';
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

  // HSTS only over TLS (below): over plain http browsers ignore it, and it would announce a
  // policy for a site that has no HTTPS.
  app.use(helmet({ strictTransportSecurity: false }));
  app.use(strictTransportSecurity);
  app.use((_req, res, next) => {
    res.setHeader(SERVED_BY_POD_HEADER, pod);
    res.setHeader(SERVED_BY_VERSION_HEADER, version);
    // While draining, tell keep-alive clients to reconnect (to another replica) after this answer.
    if (options.lifecycle.draining) res.setHeader('Connection', 'close');
    next();
  });
  app.use(requestLogging(app, logger));
  app.use(httpMetrics(app, options.registry));
  app.use(healthRoutes(options.lifecycle, options.readiness, options.registry));

  app.use(requireJsonBody);
  app.use(
    express.json({
      limit: options.bodyLimit ?? '100kb',
      strict: false,
      type: ['application/json', 'application/*+json'],
    }),
  );

  const info = express.Router();
  info.get('/info', (_req, res) => {
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
    info.get('/openapi.json', (_req, res) => {
      res.type('application/json').send(document);
    });
  }
  app.use(`/api/${service}`, info, options.api);

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}

/**
 * Strict-Transport-Security when the request came over TLS: a TLS socket, or
 * `X-Forwarded-Proto: https` from a proxy `trust proxy` vouches for (the Ingress). helmet's
 * value: one year, subdomains included.
 */
const strictTransportSecurity: express.RequestHandler = (req, res, next) => {
  if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  next();
};

/** A body in anything but JSON is refused by name, instead of silently arriving as `undefined`. */
const requireJsonBody: express.RequestHandler = (req, _res, next) => {
  const hasBody =
    Number(req.headers['content-length'] ?? 0) > 0 ||
    req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !req.is(['application/json', 'application/*+json'])) {
    next(
      new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        'Send the body as JSON with Content-Type: application/json',
        { status: 415 },
      ),
    );
    return;
  }
  next();
};

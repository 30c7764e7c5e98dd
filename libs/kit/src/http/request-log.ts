import type { Express, Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { logSafeUrl } from './log-safe-url.js';
import { assignCorrelationId } from './correlation-id.js';

declare module 'node:http' {
  interface IncomingMessage {
    /** The correlation id (see assignCorrelationId). */
    id: string;
    /** A logger bound to this request's id, method and URL. */
    log: Logger;
  }
}

const PROBES = /^\/(healthz|readyz|metrics)$/;
const requestLogger = Symbol('request logger');

type LoggedRequest = Request & { [requestLogger]?: Logger };

/**
 * Gives every request its id and `req.log`, and writes one line when it was answered (or
 * aborted). `req.log` is a child logger made on first use: pino-http made one per request,
 * logged or not, and that was a quarter of the CPU of a small authenticated read. The getter
 * lives on this app's request prototype, so a request that logs nothing allocates nothing.
 */
export function requestLogging(app: Express, logger: Logger): RequestHandler {
  Object.defineProperty(app.request, 'log', {
    configurable: true,
    get(this: LoggedRequest): Logger {
      return (this[requestLogger] ??= logger.child({
        req: { id: this.id, method: this.method, url: logSafeUrl(this.originalUrl ?? this.url) },
      }));
    },
  });

  return (req, res, next) => {
    req.id = assignCorrelationId(req, res);
    // Probes and scrapes every few seconds would drown the request log.
    if (PROBES.test(req.url)) return next();
    const startedAt = performance.now();
    res.on('close', () => {
      const responseTime = Math.round(performance.now() - startedAt);
      if (!res.writableFinished) {
        // The client hung up: the end of an event stream, a browser leaving the page, a load
        // generator stopping with requests in flight. Its choice, not a fault of ours, so never
        // a warning; what the handler made of it (a failed query, say) is logged where it happens.
        if (logger.isLevelEnabled('info'))
          req.log.info(
            { responseTime, streaming: res.headersSent },
            'client closed the connection',
          );
        return;
      }
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      if (logger.isLevelEnabled(level))
        req.log[level]({ res: { statusCode: status }, responseTime }, 'request completed');
    });
    next();
  };
}

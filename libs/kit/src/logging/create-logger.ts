import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger } from 'pino';

export interface LoggerOptions {
  service: string;
  level: string;
  /** json for machines (the default off a terminal), pretty for people. */
  format?: 'json' | 'pretty';
  pod?: string;
  version?: string;
  /** Fields added to every line when it is written (the active trace and span ids when tracing is on). */
  mixin?: () => Record<string, unknown>;
}

/** JSON lines to stdout, each stamped with service, pod and version so a cluster's logs can be told apart. */
export function createLogger(options: LoggerOptions): Logger {
  const format = options.format ?? (process.stdout.isTTY ? 'pretty' : 'json');
  const base = { service: options.service, pod: options.pod, version: options.version };
  const settings = {
    level: options.level,
    base,
    mixin: options.mixin,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'password'],
      censor: '[redacted]',
    },
  };
  // pretty runs in-process (no worker thread): the service bundle stays one file.
  if (format === 'pretty')
    return pino(
      settings,
      pretty({
        sync: true,
        ignore: 'pid,hostname,service,pod,version',
        messageFormat: `[${options.pod ?? options.service}] {msg}`,
      }),
    );
  return pino(settings);
}

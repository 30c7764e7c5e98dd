import type { z } from 'zod';
import { ConfigError, loadConfig, type BaseConfig } from '../config/load-config.js';
import { describeError } from '../logging/describe-error.js';
import { startService, type ServiceFactory } from './start-service.js';

/**
 * A service's `main`: parse config (exit 1 with one line naming the bad keys), start, and
 * turn SIGTERM/SIGINT into a graceful shutdown that exits 0 only when everything drained.
 */
export async function runService<C extends BaseConfig>(
  service: string,
  configSchema: z.ZodType<C>,
  factory: ServiceFactory<C>,
): Promise<void> {
  let config: C;
  try {
    config = loadConfig(configSchema);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${service}: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  let running;
  try {
    running = await startService(service, factory, config);
  } catch (error) {
    process.stderr.write(`${service}: start-up failed: ${describeError(error).message}\n`);
    process.exit(1);
  }
  const { logger, lifecycle } = running;

  const shutdown = async (reason: string, code: number) => {
    const ok = await lifecycle.shutdown(reason);
    process.exit(ok ? code : 1);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM', 0));
  process.once('SIGINT', () => void shutdown('SIGINT', 0));
  // A rejected promise nobody awaited is a bug in one code path, not a reason to drop every request.
  process.on('unhandledRejection', (reason) =>
    logger.error({ err: describeError(reason) }, 'unhandled rejection'),
  );
  // After an uncaught exception the process state is unknown: drain what we can and exit non-zero.
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: describeError(error) }, 'uncaught exception');
    void shutdown('uncaught exception', 1);
  });
}

import {
  loadConfig,
  startService,
  type BaseConfig,
  type RunningService,
  type ServiceFactory,
} from '@podlab/kit';
import { afterAll } from 'vitest';
import type { z } from 'zod';

/**
 * Starts a service in this test process on a free port, with quiet logs, from the same
 * factory production runs, and stops it (the SIGTERM path) after the file's tests.
 */
export async function startTestService<C extends BaseConfig>(
  service: string,
  configSchema: z.ZodType<C>,
  factory: ServiceFactory<C>,
  env: Record<string, string>,
): Promise<RunningService> {
  const config = loadConfig(configSchema, {
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    LOG_FORMAT: 'json',
    ...env,
  });
  const running = await startService(service, factory, config, { host: '127.0.0.1' });
  afterAll(() => running.stop());
  return running;
}

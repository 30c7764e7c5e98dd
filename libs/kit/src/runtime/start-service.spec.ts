import type { AddressInfo } from 'node:net';
import { Router } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { baseConfigSchema, loadConfig } from '../config/load-config.js';
import { createLogger } from '../logging/create-logger.js';
import { startService, type RunningService } from './start-service.js';

const running: RunningService[] = [];
afterEach(async () => {
  for (const service of running.splice(0)) await service.stop();
});

async function listeningAddress(env: Record<string, string>): Promise<string> {
  const config = loadConfig(baseConfigSchema, { PORT: '0', ...env });
  const service = await startService(
    'probe',
    async () => ({ api: Router(), readiness: {} }),
    config,
    { logger: createLogger({ service: 'probe', level: 'silent', format: 'json' }) },
  );
  running.push(service);
  return (service.server.address() as AddressInfo).address;
}

describe('startService: the listen address', () => {
  it('when HOST is unset, then it listens on every interface, as a container must', async () => {
    expect(['::', '0.0.0.0']).toContain(await listeningAddress({}));
  });

  it('when HOST is 127.0.0.1 (npm start), then it listens on loopback only', async () => {
    expect(await listeningAddress({ HOST: '127.0.0.1' })).toBe('127.0.0.1');
  });
});

import { createServer } from 'node:net';
import type { ErrorResponse } from '@podlab/contracts';
import { Router } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AppError,
  baseConfigSchema,
  createLogger,
  loadConfig,
  startService,
} from '../src/index.js';
import { createMysqlPool, databaseUnavailable } from '../src/db/index.js';
import type { RunningService } from '../src/runtime/index.js';

/** A port nothing listens on: the pool's connect is refused for real, as when MySQL is down. */
async function closedPort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => probe.once('listening', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

let service: RunningService;
beforeAll(async () => {
  const config = loadConfig(baseConfigSchema, { PORT: '0' });
  const logger = createLogger({ service: 'shop', level: 'silent', format: 'json' });
  const port = await closedPort();
  service = await startService(
    'shop',
    async ({ lifecycle }) => {
      const pool = createMysqlPool(`mysql://shop:secret@127.0.0.1:${port}/shop`, lifecycle);
      const api = Router();
      api.get('/orders', async (_req, res) => {
        res.json(await pool.query('SELECT 1'));
      });
      api.get('/conflict', () => {
        throw new AppError('ORDER_TAKEN', 'Taken', { status: 409 });
      });
      api.get('/bad-sql', () => {
        throw Object.assign(new Error('You have an error in your SQL syntax'), {
          code: 'ER_PARSE_ERROR',
        });
      });
      api.use(databaseUnavailable);
      return { api, readiness: {} };
    },
    config,
    { logger },
  );
});
afterAll(() => service.stop());

const get = (path: string) => fetch(`${service.url}/api/shop${path}`);

describe('databaseUnavailable', () => {
  it('when the database refuses connections, then 503 DATABASE_UNAVAILABLE with Retry-After', async () => {
    const response = await get('/orders');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    const { error } = (await response.json()) as ErrorResponse;
    expect(error.code).toBe('DATABASE_UNAVAILABLE');
    expect(error.message).toBe('The database is unavailable; retry later');
  });

  it('when a route answers an AppError on purpose, then it passes unchanged', async () => {
    const response = await get('/conflict');
    expect(response.status).toBe(409);
    expect(((await response.json()) as ErrorResponse).error.code).toBe('ORDER_TAKEN');
  });

  it('when a statement is wrong (retrying never helps), then it stays a 500 that says nothing', async () => {
    const response = await get('/bad-sql');
    expect(response.status).toBe(500);
    expect(response.headers.get('retry-after')).toBeNull();
    expect(((await response.json()) as ErrorResponse).error).toMatchObject({
      code: 'INTERNAL',
      message: 'Internal error',
    });
  });
});

import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { Lifecycle } from '../lifecycle/lifecycle.js';
import { checkReadiness } from './readiness.js';

const newLifecycle = () =>
  new Lifecycle({ logger: pino({ level: 'silent' }), shutdownDelayMs: 0, shutdownTimeoutMs: 1000 });

describe('checkReadiness', () => {
  it('when every check passes and the service is not draining, then it is ready', async () => {
    const report = await checkReadiness(newLifecycle(), {
      database: async () => undefined,
      broker: () => undefined,
    });
    expect(report).toEqual({
      ready: true,
      draining: false,
      checks: { database: 'ok', broker: 'ok' },
    });
  });

  it('when a check hangs, then it times out and the report is not ready, naming the reason', async () => {
    const started = Date.now();
    const report = await checkReadiness(
      newLifecycle(),
      { database: () => new Promise<void>(() => undefined), broker: () => undefined },
      50,
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(report.ready).toBe(false);
    expect(report.checks).toEqual({ database: 'timed out after 50 ms', broker: 'ok' });
  });

  it('when several checks hang, then they time out together, not one after the other', async () => {
    const hang = () => new Promise<void>(() => undefined);
    const started = Date.now();
    await checkReadiness(newLifecycle(), { a: hang, b: hang, c: hang, d: hang }, 100);
    expect(Date.now() - started).toBeLessThan(350);
  });

  it('when a check throws synchronously or rejects, then the report carries its message', async () => {
    const report = await checkReadiness(newLifecycle(), {
      broker: () => {
        throw new Error('not connected to the broker');
      },
      database: () => Promise.reject(new Error('connect ECONNREFUSED')),
    });
    expect(report.ready).toBe(false);
    expect(report.checks).toEqual({
      broker: 'not connected to the broker',
      database: 'connect ECONNREFUSED',
    });
  });

  it('when the service is draining, then it is not ready even though every check passes', async () => {
    const lifecycle = newLifecycle();
    await lifecycle.shutdown('test');
    const report = await checkReadiness(lifecycle, { database: () => undefined });
    expect(report).toEqual({ ready: false, draining: true, checks: { database: 'ok' } });
  });
});

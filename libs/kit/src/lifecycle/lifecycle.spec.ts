import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { Lifecycle } from './lifecycle.js';

const logger = pino({ level: 'silent' });

describe('Lifecycle', () => {
  it('when shutting down, then closers run in reverse order of registration', async () => {
    const lifecycle = new Lifecycle({ logger, shutdownDelayMs: 0, shutdownTimeoutMs: 1000 });
    const order: string[] = [];
    lifecycle.onShutdown('db', () => void order.push('db'));
    lifecycle.onShutdown('http', async () => void order.push('http'));
    expect(await lifecycle.shutdown('test')).toBe(true);
    expect(order).toEqual(['http', 'db']);
  });

  it('when shutdown starts, then it is draining before the first closer runs', async () => {
    const lifecycle = new Lifecycle({ logger, shutdownDelayMs: 20, shutdownTimeoutMs: 1000 });
    let drainingWhenClosed = false;
    lifecycle.onShutdown('x', () => {
      drainingWhenClosed = lifecycle.draining;
    });
    expect(lifecycle.draining).toBe(false);
    const done = lifecycle.shutdown('test');
    expect(lifecycle.draining).toBe(true);
    await done;
    expect(drainingWhenClosed).toBe(true);
  });

  it('when a closer fails, then the others still run and the result is false', async () => {
    const lifecycle = new Lifecycle({ logger, shutdownDelayMs: 0, shutdownTimeoutMs: 1000 });
    let closed = false;
    lifecycle.onShutdown('db', () => {
      closed = true;
    });
    lifecycle.onShutdown('broken', () => {
      throw new Error('nope');
    });
    expect(await lifecycle.shutdown('test')).toBe(false);
    expect(closed).toBe(true);
  });

  it('when a closer hangs, then shutdown gives up after the timeout', async () => {
    const lifecycle = new Lifecycle({ logger, shutdownDelayMs: 0, shutdownTimeoutMs: 50 });
    lifecycle.onShutdown('hang', () => new Promise(() => undefined));
    expect(await lifecycle.shutdown('test')).toBe(false);
  });

  it('when shutdown is called twice, then closers run once', async () => {
    const lifecycle = new Lifecycle({ logger, shutdownDelayMs: 0, shutdownTimeoutMs: 1000 });
    let runs = 0;
    lifecycle.onShutdown('x', () => void runs++);
    await Promise.all([lifecycle.shutdown('a'), lifecycle.shutdown('b')]);
    expect(runs).toBe(1);
  });
});

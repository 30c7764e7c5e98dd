import { describe, expect, it } from 'vitest';
import { waitFor } from '../src/index.js';

describe('waitFor', () => {
  it('when the condition becomes true, then it resolves with the value returned', async () => {
    let calls = 0;

    const value = await waitFor('the third call', () => (++calls >= 3 ? { calls } : undefined), {
      intervalMs: 1,
    });

    expect(value).toEqual({ calls: 3 });
  });

  it('when attempts throw before succeeding, then the errors count as not ready yet', async () => {
    let calls = 0;

    const value = await waitFor(
      'a flaky probe',
      async () => {
        if (++calls < 3) throw new Error('connection refused');
        return 'up';
      },
      { intervalMs: 1 },
    );

    expect(value).toBe('up');
  });

  it('when the timeout passes, then the error names what it waited for and the last failure', async () => {
    const started = Date.now();

    await expect(
      waitFor(
        'the queue to drain',
        () => {
          throw new Error('still 3 messages');
        },
        { timeoutMs: 50, intervalMs: 10 },
      ),
    ).rejects.toThrow(
      'Timed out after 50 ms waiting for the queue to drain: last attempt failed with still 3 messages',
    );
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('when the condition stays false, then it rejects instead of resolving', async () => {
    await expect(waitFor('never', () => false, { timeoutMs: 30, intervalMs: 5 })).rejects.toThrow(
      /waiting for never$/,
    );
  });
});

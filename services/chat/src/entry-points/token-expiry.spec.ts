import { AppError } from '@podlab/kit';
import type { Request, Response } from 'express';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { endAtExpiry, refuseExpiredToken } from './token-expiry.js';

/** A stream whose close the test triggers. */
function fakeStream() {
  const listeners: (() => void)[] = [];
  return {
    onClose: (listener: () => void) => void listeners.push(listener),
    close: () => listeners.forEach((listener) => listener()),
  };
}

describe('endAtExpiry', () => {
  beforeEach(() => vi.useFakeTimers({ now: Date.UTC(2025, 0, 1) }));
  afterEach(() => vi.useRealTimers());

  it('when the deadline passes, then it calls expire once with the deadline, not a moment before', () => {
    const expire = vi.fn();
    const deadline = Date.now() + 90_000;
    endAtExpiry(fakeStream(), deadline, expire);
    vi.advanceTimersByTime(89_999);
    expect(expire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(expire).toHaveBeenCalledExactlyOnceWith(deadline);
    vi.advanceTimersByTime(600_000);
    expect(expire).toHaveBeenCalledOnce();
  });

  it('when the stream closes first, then the timer is cleared and expire never runs', () => {
    const expire = vi.fn();
    const stream = fakeStream();
    endAtExpiry(stream, Date.now() + 90_000, expire);
    expect(vi.getTimerCount()).toBe(1);
    stream.close();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(600_000);
    expect(expire).not.toHaveBeenCalled();
  });

  it('when the deadline is further away than one timer can wait, then it waits in steps and still ends on time', () => {
    const expire = vi.fn();
    const deadline = Date.now() + 40 * 24 * 3600_000;
    endAtExpiry(fakeStream(), deadline, expire);
    vi.advanceTimersByTime(deadline - Date.now() - 1);
    expect(expire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(expire).toHaveBeenCalledOnce();
  });
});

describe('refuseExpiredToken', () => {
  const resWith = (tokenExpiresAt: number) =>
    ({ locals: { user: { id: 'u1', username: 'ada', tokenExpiresAt } } }) as unknown as Response;
  const run = (res: Response) => {
    const next = vi.fn();
    refuseExpiredToken({} as Request, res, next);
    return next;
  };

  it('when the token is still valid, then the stream may open', () => {
    expect(run(resWith(Date.now() + 60_000))).toHaveBeenCalledOnce();
  });

  it('when the token is already past exp (inside the kit’s clock tolerance), then it fails 401', () => {
    let error: unknown;
    try {
      run(resWith(Date.now() - 2_000));
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });
});

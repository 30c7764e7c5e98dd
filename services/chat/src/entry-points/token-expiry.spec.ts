import { AppError } from '@podlab/kit';
import type { JwtVerifier } from '@podlab/kit/auth';
import type { Response } from 'express';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { endAtExpiry, expiringVerifier, tokenExpiryOf } from './token-expiry.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** A JWT-shaped string: the fake verifier below accepts anything, as if the signature checked out. */
const token = (claims: Record<string, unknown>) => `${b64({ alg: 'EdDSA' })}.${b64(claims)}.sig`;
const trusting: JwtVerifier = { verify: async () => ({ id: 'u1', username: 'ada' }) };

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

  it('when the token has no expiry, then no timer is set', () => {
    endAtExpiry(fakeStream(), undefined, vi.fn());
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('expiringVerifier', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const resWith = async (jwt: string) =>
    ({ locals: { user: await expiringVerifier(trusting).verify(jwt) } }) as unknown as Response;

  it('when the token verifies, then the user comes with the token’s exp in ms', async () => {
    const exp = now() + 60;
    const res = await resWith(token({ sub: 'u1', exp }));
    expect(res.locals.user).toMatchObject({ id: 'u1', username: 'ada' });
    expect(tokenExpiryOf(res)).toBe(exp * 1000);
  });

  it('when the token has no exp, then it has no expiry', async () => {
    expect(tokenExpiryOf(await resWith(token({ sub: 'u1' })))).toBeUndefined();
  });

  it('when the token is already past exp (inside the kit’s clock tolerance), then it fails 401', async () => {
    const error: unknown = await expiringVerifier(trusting)
      .verify(token({ sub: 'u1', exp: now() - 2 }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('when the kit’s verifier refuses the token, then that refusal stands', async () => {
    const refusing: JwtVerifier = {
      verify: async () => {
        throw new AppError('UNAUTHENTICATED', 'nope', { status: 401 });
      },
    };
    await expect(
      expiringVerifier(refusing).verify(token({ exp: now() + 60 })),
    ).rejects.toMatchObject({ message: 'nope' });
  });

  it('when a route forgot the expiring verifier, then tokenExpiryOf says so instead of guessing', () => {
    const res = { locals: { user: { id: 'u1', username: 'ada' } } } as unknown as Response;
    expect(() => tokenExpiryOf(res)).toThrow(/expiringVerifier/);
  });
});

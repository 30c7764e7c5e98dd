import { describe, expect, it } from 'vitest';
import { AppError, toError } from './app-error.js';

describe('AppError', () => {
  it('when given no status, then it is a 500 and operational', () => {
    const error = new AppError('BOOM', 'it broke');
    expect(error.status).toBe(500);
    expect(error.operational).toBe(true);
    expect(error.code).toBe('BOOM');
  });

  it('when given a cause, then it keeps it', () => {
    const cause = new Error('root');
    expect(new AppError('X', 'y', { cause }).cause).toBe(cause);
  });
});

describe('toError', () => {
  it('when thrown a string, then it wraps it', () => {
    expect(toError('nope').message).toBe('nope');
  });

  it('when thrown a plain object, then it describes it', () => {
    expect(toError({ a: 1 }).message).toContain('{"a":1}');
  });
});

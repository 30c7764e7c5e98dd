import { describe, expect, it } from 'vitest';
import { uniqueName } from '../src/index.js';

describe('uniqueName', () => {
  it('when called twice with one prefix, then the names differ but both start with the prefix', () => {
    const first = uniqueName('orders');
    const second = uniqueName('orders');

    expect(first).toMatch(/^orders_[0-9a-f]{10}$/);
    expect(second).toMatch(/^orders_[0-9a-f]{10}$/);
    expect(first).not.toBe(second);
  });

  it('when the prefix has characters MySQL would need quoted, then they become underscores', () => {
    expect(uniqueName('Todo-API v2.test')).toMatch(/^todo_api_v2_test_[0-9a-f]{10}$/);
  });

  it('when the prefix is very long or empty, then the name still fits a 64-character identifier', () => {
    expect(uniqueName('x'.repeat(200)).length).toBeLessThanOrEqual(64);
    expect(uniqueName('--')).toMatch(/^test_[0-9a-f]{10}$/);
  });
});

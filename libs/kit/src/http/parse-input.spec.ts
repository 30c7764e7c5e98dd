import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import { parseInput } from './parse-input.js';

const orderSchema = z.strictObject({
  customer: z.strictObject({ email: z.email() }),
  lines: z.array(z.strictObject({ sku: z.string().min(1), quantity: z.int().min(1) })).min(1),
});

function failure(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected parseInput to throw');
}

describe('parseInput', () => {
  it('when the input is valid, then it returns the parsed value', () => {
    const value = { customer: { email: 'a@example.com' }, lines: [{ sku: 'x', quantity: 2 }] };
    expect(parseInput(orderSchema, value, 'body')).toEqual(value);
  });

  it('when nested fields are bad, then it is a 400 VALIDATION_FAILED naming each full path', () => {
    const error = failure(() =>
      parseInput(
        orderSchema,
        {
          customer: { email: 'nope' },
          lines: [
            { sku: 'a', quantity: 1 },
            { sku: '', quantity: 0 },
          ],
        },
        'body',
      ),
    );
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    expect(error.details?.map((d) => d.path).sort()).toEqual([
      'body.customer.email',
      'body.lines.1.quantity',
      'body.lines.1.sku',
    ]);
    expect(error.message).toContain('body.lines.1.quantity');
    expect(error.message).toContain('body.customer.email');
  });

  it('when validating the query, then the paths start with "query"', () => {
    const error = failure(() =>
      parseInput(z.object({ limit: z.coerce.number().int().max(100) }), { limit: '500' }, 'query'),
    );
    expect(error.details).toEqual([{ path: 'query.limit', message: expect.any(String) }]);
    expect(error.message).toMatch(/^Invalid query: query\.limit: /);
  });

  it('when an unknown key is sent to a strict schema, then the message names it', () => {
    const error = failure(() =>
      parseInput(
        orderSchema,
        { customer: { email: 'a@example.com' }, lines: [{ sku: 'x', quantity: 1 }], extra: 1 },
        'body',
      ),
    );
    expect(error.message).toContain('extra');
  });

  it('when the body is missing, then it is a 400 BODY_REQUIRED', () => {
    expect(failure(() => parseInput(orderSchema, undefined, 'body'))).toMatchObject({
      code: 'BODY_REQUIRED',
      status: 400,
    });
  });

  it('when the body is JSON null, then it is a VALIDATION_FAILED, not BODY_REQUIRED', () => {
    expect(failure(() => parseInput(orderSchema, null, 'body')).code).toBe('VALIDATION_FAILED');
  });
});

import type { ErrorResponse } from '@podlab/contracts';
import type { NextFunction, Request, Response } from 'express';
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { errorHandler, notFoundHandler, toAppError } from './error-handler.js';

/** What body-parser throws: an http-errors Error with a `type` and a `status`. */
const bodyParserError = (type: string, status: number, message = 'raw parser message') =>
  Object.assign(new Error(message), { type, status, statusCode: status, expose: status < 500 });

describe('toAppError', () => {
  const cases: [type: string, status: number, code: string][] = [
    ['entity.parse.failed', 400, 'INVALID_JSON'],
    ['entity.too.large', 413, 'PAYLOAD_TOO_LARGE'],
    ['encoding.unsupported', 415, 'UNSUPPORTED_ENCODING'],
    ['charset.unsupported', 415, 'UNSUPPORTED_CHARSET'],
    ['request.aborted', 400, 'REQUEST_ABORTED'],
    ['request.size.invalid', 400, 'INVALID_CONTENT_LENGTH'],
  ];
  for (const [type, status, code] of cases) {
    it(`when body-parser fails with ${type}, then it is a ${status} ${code} with our own message`, () => {
      const error = toAppError(bodyParserError(type, status));
      expect(error).toMatchObject({ code, status, operational: true });
      expect(error.message).not.toBe('raw parser message');
    });
  }

  it('when body-parser fails on the server side (stream.encoding.set, 500), then it is an INTERNAL 500', () => {
    const error = toAppError(bodyParserError('stream.encoding.set', 500));
    expect(error).toMatchObject({ code: 'INTERNAL', status: 500, operational: false });
  });

  it('when given an AppError, then it returns the same instance', () => {
    const original = new AppError('TAKEN', 'Name taken', { status: 409 });
    expect(toAppError(original)).toBe(original);
  });

  it('when given some other 4xx http error, then it is a BAD_REQUEST with that status', () => {
    const error = toAppError(Object.assign(new Error('URI malformed'), { status: 400 }));
    expect(error).toMatchObject({ code: 'BAD_REQUEST', status: 400, message: 'URI malformed' });
  });

  it('when given an unknown error, a string or undefined, then it is an INTERNAL 500 saying "Internal error"', () => {
    for (const value of [new Error('ECONNREFUSED 10.0.0.7:3306'), 'boom', undefined, null, 42]) {
      const error = toAppError(value);
      expect(error).toMatchObject({
        code: 'INTERNAL',
        status: 500,
        message: 'Internal error',
        operational: false,
      });
      expect(error.cause).toBe(value);
    }
  });

  it('when an unknown error carries a 5xx status, then it is still an INTERNAL 500', () => {
    const error = toAppError(Object.assign(new Error('upstream said 502'), { status: 502 }));
    expect(error).toMatchObject({ code: 'INTERNAL', status: 500 });
  });
});

/** Runs the error middleware against a recording response. */
function handle(error: unknown, options: { headersSent?: boolean } = {}) {
  const log = { error: vi.fn(), info: vi.fn() };
  const req = {
    id: 'req-1',
    method: 'POST',
    originalUrl: '/api/x/things?y=1',
    log,
  } as unknown as Request;
  const headers: Record<string, string> = {};
  const sent: { status?: number; body?: ErrorResponse; destroyed: boolean } = { destroyed: false };
  const res = {
    headersSent: options.headersSent ?? false,
    setHeader: (name: string, value: string) => {
      headers[name.toLowerCase()] = value;
    },
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: ErrorResponse) {
      sent.body = body;
      return this;
    },
    destroy() {
      sent.destroyed = true;
    },
  } as unknown as Response;
  errorHandler(error, req, res, (() => undefined) as NextFunction);
  return { ...sent, headers, log };
}

describe('errorHandler', () => {
  it('when a route throws an unknown error, then it answers 500 "Internal error" without the message or stack', () => {
    const error = new Error('password=hunter2 rejected by 10.0.0.7');
    const { status, body, log } = handle(error);
    expect(status).toBe(500);
    expect(body).toEqual({
      error: { code: 'INTERNAL', message: 'Internal error', correlationId: 'req-1' },
    });
    const text = JSON.stringify(body);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('error-handler.spec');
    // The details go to the log instead, once, with the request's context.
    expect(log.error).toHaveBeenCalledOnce();
    expect(log.error.mock.calls[0]?.[0]).toMatchObject({
      method: 'POST',
      url: '/api/x/things?y=1',
      correlationId: 'req-1',
      err: { message: 'password=hunter2 rejected by 10.0.0.7' },
    });
  });

  it('when a route throws a non-operational AppError 500, then its message is not echoed', () => {
    const { status, body } = handle(
      new AppError('BUG', 'invariant broken at row 17', { operational: false }),
    );
    expect(status).toBe(500);
    expect(body?.error).toMatchObject({ code: 'BUG', message: 'Internal error' });
  });

  it('when an AppError below 500 is thrown, then its code, message and details are echoed', () => {
    const details = [{ path: 'body.name', message: 'Required' }];
    const { status, body, log } = handle(
      new AppError('VALIDATION_FAILED', 'Invalid body: body.name: Required', {
        status: 400,
        details,
      }),
    );
    expect(status).toBe(400);
    expect(body?.error).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'Invalid body: body.name: Required',
      correlationId: 'req-1',
      details,
    });
    expect(log.error).not.toHaveBeenCalled();
    expect(log.info).toHaveBeenCalledOnce();
  });

  it('when an AppError carries retryAfterSeconds, then Retry-After is set', () => {
    const { status, headers, body } = handle(
      new AppError('BROKER_UNAVAILABLE', 'The message broker is unavailable; retry later', {
        status: 503,
        retryAfterSeconds: 5,
      }),
    );
    expect(status).toBe(503);
    expect(headers['retry-after']).toBe('5');
    expect(body?.error.message).toBe('The message broker is unavailable; retry later');
  });

  it('when an error has no retryAfterSeconds, then no Retry-After is set', () => {
    expect(handle(new AppError('X', 'y', { status: 409 })).headers['retry-after']).toBeUndefined();
  });

  it('when the response has already started, then it destroys the socket instead of writing', () => {
    const sent = handle(new Error('mid-stream'), { headersSent: true });
    expect(sent.destroyed).toBe(true);
    expect(sent.status).toBeUndefined();
    expect(sent.body).toBeUndefined();
  });
});

describe('notFoundHandler', () => {
  it('when no route matched, then it forwards a 404 NOT_FOUND naming method and path', () => {
    const next = vi.fn();
    notFoundHandler({ method: 'DELETE', path: '/api/x/nope' } as Request, {} as Response, next);
    const error = next.mock.calls[0]?.[0] as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'NOT_FOUND',
      status: 404,
      message: 'No route for DELETE /api/x/nope',
    });
  });
});

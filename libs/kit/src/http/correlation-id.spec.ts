import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { assignCorrelationId, correlationIdOf } from './correlation-id.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function assign(incoming: string | string[] | undefined) {
  const req = { headers: { 'x-correlation-id': incoming } } as unknown as IncomingMessage;
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string) => {
      headers[name] = value;
    },
  } as unknown as ServerResponse;
  const id = assignCorrelationId(req, res);
  return { id, echoed: headers['x-correlation-id'] };
}

describe('assignCorrelationId', () => {
  const sane = [
    'trace-abc-123',
    '0af7651916cd43dd8448eb211c80319c',
    'svc.gw:42_a',
    'a'.repeat(128),
  ];
  for (const incoming of sane) {
    it(`when the caller sends a sane id (${incoming.slice(0, 20)}…), then it is kept and echoed`, () => {
      expect(assign(incoming)).toEqual({ id: incoming, echoed: incoming });
    });
  }

  const malicious: [string, string | string[]][] = [
    ['a newline (log injection)', 'abc\nlevel=fatal msg=forged'],
    ['a trailing newline', 'abc\n'],
    ['a carriage return', 'abc\r\nSet-Cookie: x=1'],
    ['500 characters', 'a'.repeat(500)],
    ['129 characters', 'a'.repeat(129)],
    ['markup', '<script>alert(1)</script>'],
    ['spaces', 'a b'],
    ['an empty string', ''],
    ['two headers', ['one', 'two']],
  ];
  for (const [name, incoming] of malicious) {
    it(`when the caller sends an id with ${name}, then a fresh uuid replaces it`, () => {
      const { id, echoed } = assign(incoming);
      expect(id).toMatch(uuid);
      expect(echoed).toBe(id);
    });
  }

  it('when the caller sends none, then each request gets a different uuid', () => {
    const first = assign(undefined).id;
    const second = assign(undefined).id;
    expect(first).toMatch(uuid);
    expect(second).toMatch(uuid);
    expect(first).not.toBe(second);
  });
});

describe('correlationIdOf', () => {
  it('when a request has an id, then it returns it, else an empty string', () => {
    expect(correlationIdOf({ id: 'abc' } as unknown as IncomingMessage)).toBe('abc');
    expect(correlationIdOf({} as IncomingMessage)).toBe('');
  });
});

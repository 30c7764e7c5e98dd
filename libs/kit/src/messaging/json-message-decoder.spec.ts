import type { ConsumeMessage } from 'amqplib';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jsonMessageDecoder } from './json-message-decoder.js';

const decode = jsonMessageDecoder(
  z.strictObject({ id: z.uuid(), count: z.int().min(1) }),
  'order message contract',
);
const message = (body: string) => ({ content: Buffer.from(body, 'utf8') }) as ConsumeMessage;

describe('jsonMessageDecoder', () => {
  it('when the body is JSON that keeps the contract, then it answers the parsed value', () => {
    const body = { id: '0b5a3c52-8f3e-4c8e-9d65-2f1f7b0d6c11', count: 2 };
    expect(decode(message(JSON.stringify(body)))).toEqual({ ok: true, value: body });
  });

  it('when the body is not JSON, then the reason says so with the parser’s words', () => {
    const decoded = decode(message('{"id":'));
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.reason).toMatch(/^body is not JSON: /);
  });

  it('when fields break the contract, then the reason names the contract and every bad field', () => {
    const decoded = decode(message(JSON.stringify({ id: 'x', count: 0 })));
    expect(!decoded.ok && decoded.reason).toMatch(
      /^body fails the order message contract: id: .+; count: /,
    );
  });

  it('when the body is not an object at all, then the reason names the body itself', () => {
    const decoded = decode(message('42'));
    expect(!decoded.ok && decoded.reason).toMatch(
      /^body fails the order message contract: \(body\): /,
    );
  });
});

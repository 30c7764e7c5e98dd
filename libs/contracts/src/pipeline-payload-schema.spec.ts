import { describe, expect, it } from 'vitest';
import {
  MAX_PAYLOAD_BYTES,
  MAX_PAYLOAD_DEPTH,
  payloadProblem,
  pipelinePayloadSchema,
} from './pipeline-payload-schema.js';

/** `depth` arrays around `leaf`. */
const nested = (depth: number, leaf: unknown = 1): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

const issuesOf = (value: unknown) =>
  pipelinePayloadSchema.safeParse(value).error?.issues.map((i) => ({
    path: i.path,
    message: i.message,
  }));

describe('pipelinePayloadSchema', () => {
  it('when given every kind of JSON value, then it accepts them as they are', () => {
    const payload = {
      null: null,
      yes: true,
      no: false,
      numbers: [0, -1.5, Number.MAX_VALUE, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER],
      strings: ['', 'text', '😀 astral', '你好', '\u0000', '\uffff'],
      empty: [[], {}],
      '😀': { '': 'empty key' },
    };
    expect(pipelinePayloadSchema.parse(payload)).toEqual(payload);
    for (const scalar of [null, true, 0, 'x'])
      expect(pipelinePayloadSchema.parse(scalar)).toBe(scalar);
  });

  it('when nested exactly MAX_PAYLOAD_DEPTH deep, then it is accepted; one deeper, refused naming where', () => {
    expect(payloadProblem(nested(MAX_PAYLOAD_DEPTH))).toBeUndefined();
    expect(payloadProblem(nested(MAX_PAYLOAD_DEPTH - 1, {}))).toBeUndefined();
    expect(issuesOf(nested(MAX_PAYLOAD_DEPTH + 1))).toEqual([
      {
        path: Array(MAX_PAYLOAD_DEPTH).fill(0),
        message: `nests arrays and objects deeper than ${MAX_PAYLOAD_DEPTH} levels`,
      },
    ]);
    expect(payloadProblem(nested(MAX_PAYLOAD_DEPTH, {}))?.message).toContain('deeper');
  });

  it('when nested a hundred thousand levels, then it is refused without overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(issuesOf(deep)?.[0]?.message).toContain('deeper than');
  });

  it.each([
    ['a high surrogate alone', { a: 'x\ud800' }, ['a'], 'lone surrogate (\\uD800) at index 1'],
    ['a low surrogate alone', ['\udc00y'], [0], 'lone surrogate (\\uDC00) at index 0'],
    ['reversed pair', { b: '\udc00\ud800' }, ['b'], 'lone surrogate (\\uDC00)'],
    ['a key', { ['k\ud83d']: 1 }, ['k\ud83d'], 'the key holds a lone surrogate'],
  ])('when a string holds %s, then it is refused naming it', (_name, value, path, message) => {
    const issues = issuesOf(value);
    expect(issues).toHaveLength(1);
    expect(issues?.[0]?.path).toEqual(path);
    expect(issues?.[0]?.message).toContain(message);
  });

  it('when the payload is exactly MAX_PAYLOAD_BYTES as UTF-8 JSON, then it is accepted; a byte more, refused', () => {
    // '"' + 16,383 four-byte emoji + '"' + 2 ASCII = 65,536 bytes.
    const exact = `ab${'😀'.repeat((MAX_PAYLOAD_BYTES - 4) / 4)}`;
    expect(new TextEncoder().encode(JSON.stringify(exact)).length).toBe(MAX_PAYLOAD_BYTES);
    expect(payloadProblem(exact)).toBeUndefined();
    expect(issuesOf(`${exact}c`)).toEqual([
      {
        path: [],
        message: `payload is ${MAX_PAYLOAD_BYTES + 1} bytes as JSON; at most ${MAX_PAYLOAD_BYTES} are allowed`,
      },
    ]);
  });

  it.each([
    ['undefined', undefined, 'payload is required'],
    ['NaN', { n: Number.NaN }, 'NaN is not a JSON number'],
    ['a function', { f: () => 1 }, 'a function is not JSON'],
    ['a date', { d: new Date(0) }, 'is not a plain JSON object'],
  ])('when given %s, then it is refused', (_name, value, message) => {
    expect(issuesOf(value)?.[0]?.message).toBe(message);
  });
});

import fc from 'fast-check';

/**
 * Values a careless or hostile client sends whatever the schema says: what parsers, databases,
 * loggers and terminals have broken on before.
 */
export const hostileStrings: string[] = [
  '',
  ' ',
  '\t\n\r',
  '\u0000',
  'a\u0000b',
  '\ud800', // a lone surrogate: not valid Unicode, not storable as utf8mb4
  'x\udfffy',
  '\u202e\u0644\u0627', // right-to-left override
  '\ufeff',
  '\u200b\u200d',
  '\ufdfa'.repeat(20), // expands 18-fold under NFKC
  'ǅ',
  'İ',
  'ß',
  '😀👍🏽‍',
  '👨‍👩‍👧‍👦',
  'ñandú',
  '日本語テキスト',
  'а', // Cyrillic a
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '" OR ""="',
  '\\',
  '%',
  '%00',
  '%zz',
  '%u0000',
  '../../../../etc/passwd',
  '..\\..\\windows',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '%s%s%s%n',
  '__proto__',
  'constructor',
  'prototype',
  'null',
  'undefined',
  'NaN',
  '-0',
  '1e309',
  '0x10',
  '9'.repeat(30),
  '-1',
  '0',
  'true',
  '[]',
  '{}',
  '\r\nSet-Cookie: x=1',
];

export const hostileNumbers: number[] = [
  0,
  -0,
  -1,
  1.5,
  0.1,
  2 ** 31,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 63),
  1e21,
  1.7976931348623157e308,
  Number.MIN_VALUE,
];

/**
 * `[[[…]]]` or `{"a":{"a":…}}` nested `depth` levels, built only when serialised: printing or
 * walking a 3,000-level value would overflow the test's own stack, not the service's.
 */
export class Nested {
  constructor(
    readonly depth: number,
    readonly kind: 'array' | 'object',
  ) {}

  toJSON(): unknown {
    let value: unknown = 0;
    for (let i = 0; i < this.depth; i++) value = this.kind === 'array' ? [value] : { a: value };
    return value;
  }

  [fc.toStringMethod](): string {
    return `Nested(${this.depth} levels of ${this.kind})`;
  }
}

/** Any JSON value a hostile client might send in any position. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...hostileStrings),
  fc.constantFrom(...hostileNumbers),
  fc.constantFrom(null, true, false, [], {}, [null], { '': '' }),
  fc
    .tuple(fc.constantFrom(2, 31, 32, 33, 100, 1_000, 3_000), fc.constantFrom('array', 'object'))
    .map(([depth, kind]) => new Nested(depth, kind as 'array' | 'object')),
  fc.constantFrom(1_000, 10_000, 70_000).map((n) => 'x'.repeat(n)),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.jsonValue({ maxDepth: 3 }),
);

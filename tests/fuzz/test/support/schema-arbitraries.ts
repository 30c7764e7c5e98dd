import fc from 'fast-check';
import { hostileValue } from './hostile-values.js';

/** A JSON Schema (draft 2020-12) from an OpenAPI 3.1 document. */
export type JsonSchema = { [key: string]: unknown };

/** Resolves `#/components/schemas/<name>` in the document the schemas came from. */
export type ResolveRef = (ref: string) => JsonSchema;

/** Deeper than this, a recursive schema (any JSON) only yields leaves. */
const MAX_DEPTH = 3;
/** Strings without a maxLength stay this short when valid (the long ones are hostile values). */
const DEFAULT_MAX_LENGTH = 40;

const asciiUnit = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 });
/** Letters and marks a Latin-only mind forgets: accents, CJK, Cyrillic, emoji, combining marks. */
const unicodeUnit = fc.constantFrom(
  'é',
  'ñ',
  'ü',
  'ß',
  'Ø',
  'ł',
  'ı',
  'İ',
  '中',
  '文',
  'ア',
  '한',
  'а',
  'Ж',
  'Ω',
  'ي',
  'א',
  '٣',
  '😀',
  'e\u0301',
  '\u00a0',
  '\u3000',
  'ﬁ',
  'Ⅻ',
  '𝔘',
);
/** Letters and digits: what most valid text is made of (names, titles, usernames). */
const wordUnit = fc.constantFrom(
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
);
const textUnit = fc.oneof(
  { weight: 8, arbitrary: wordUnit },
  { weight: 3, arbitrary: asciiUnit },
  { weight: 2, arbitrary: unicodeUnit },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
);

/** min, max, or anything between: boundaries come up as often as the rest. */
function boundedInt(min: number, max: number): fc.Arbitrary<number> {
  return fc.oneof(fc.constantFrom(min, max), fc.integer({ min, max }));
}

/** A value the schema accepts (as far as JSON Schema can say: zod's trims and refinements are not in it). */
export function validValue(
  schema: JsonSchema,
  resolve: ResolveRef,
  depth = 0,
): fc.Arbitrary<unknown> {
  if (typeof schema.$ref === 'string') {
    if (depth >= MAX_DEPTH)
      return fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null));
    return validValue(resolve(schema.$ref), resolve, depth + 1);
  }
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (union) return fc.oneof(...union.map((branch) => validValue(branch, resolve, depth)));
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  switch (schema.type) {
    case 'string':
      return validString(schema);
    case 'integer':
      return boundedInt(
        Math.max(Number(schema.minimum ?? -1_000_000), Number.MIN_SAFE_INTEGER),
        Math.min(Number(schema.maximum ?? 1_000_000), Number.MAX_SAFE_INTEGER),
      );
    case 'number':
      return fc.double({
        min: Number(schema.minimum ?? -1e6),
        max: Number(schema.maximum ?? 1e6),
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(validValue((schema.items ?? {}) as JsonSchema, resolve, depth + 1), {
        maxLength: Math.min(Number(schema.maxItems ?? 4), 4),
      });
    case 'object':
      return validObject(schema, resolve, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function validString(schema: JsonSchema): fc.Arbitrary<string> {
  const min = Number(schema.minLength ?? 0);
  const max = Number(schema.maxLength ?? Math.max(min, DEFAULT_MAX_LENGTH));
  if (schema.format === 'date-time')
    return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  let unit = textUnit;
  let accept = (_value: string) => true;
  if (typeof schema.pattern === 'string') {
    const pattern = new RegExp(schema.pattern, 'u');
    // Characters that may repeat to fill the pattern (`^[class]+$`-style patterns, as ours are).
    const probe = Math.max(min, 1);
    const fits = [...'abcXYZ019._@+-', 'é', 'ñ', '中', 'Ж', '٣', ' ', '!', '😀'].filter((c) =>
      pattern.test(c.repeat(probe)),
    );
    if (fits.length === 0) return fc.stringMatching(pattern);
    unit = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...fits) },
      { weight: 1, arbitrary: textUnit },
    );
    accept = (value) => pattern.test(value);
  }
  // Short strings most of the time, the boundaries often, anything in between sometimes.
  const length = fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(min, max) },
    { weight: 4, arbitrary: fc.integer({ min, max: Math.min(max, min + 16) }) },
    { weight: 1, arbitrary: fc.integer({ min, max }) },
  );
  return length
    .chain((length) => fc.string({ unit, minLength: length, maxLength: length }))
    .filter(accept);
}

function validObject(
  schema: JsonSchema,
  resolve: ResolveRef,
  depth: number,
): fc.Arbitrary<unknown> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = (schema.required ?? []) as string[];
  const model = Object.fromEntries(
    Object.entries(properties).map(([key, property]) => [
      key,
      validValue(property, resolve, depth + 1),
    ]),
  );
  let known = fc.record(model, { requiredKeys: required });
  // All-optional bodies (a PATCH) would be `{}` a quarter of the time: mostly send something.
  if (required.length === 0 && Object.keys(properties).length > 0)
    known = fc.oneof(
      { weight: 3, arbitrary: known.filter((value) => Object.keys(value).length > 0) },
      { weight: 1, arbitrary: known },
    );
  const extra = schema.additionalProperties;
  if (extra && typeof extra === 'object' && Object.keys(properties).length === 0)
    return fc.dictionary(
      fc.string({ maxLength: 12 }),
      validValue(extra as JsonSchema, resolve, depth + 1),
      {
        maxKeys: 4,
      },
    );
  return known;
}

/** A value the schema refuses: the wrong type, one step past a bound, a key too many or missing. */
export function invalidValue(schema: JsonSchema, resolve: ResolveRef): fc.Arbitrary<unknown> {
  if (typeof schema.$ref === 'string') return invalidValue(resolve(schema.$ref), resolve);
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (union) return fc.oneof(...union.map((branch) => invalidValue(branch, resolve)));
  const wrongType = fc.constantFrom<unknown>(null, 0, '', true, [], {}, 'text', -1, [1, 2]);
  const candidates: fc.Arbitrary<unknown>[] = [wrongType];
  if (Array.isArray(schema.enum))
    candidates.push(
      fc.constantFrom(
        ...(schema.enum as string[]).map((v) => `${String(v).toUpperCase()} `),
        'other',
      ),
    );
  switch (schema.type) {
    case 'string': {
      const min = Number(schema.minLength ?? 0);
      if (min > 0) candidates.push(fc.constant('y'.repeat(min - 1)));
      if (schema.maxLength !== undefined) {
        const max = Number(schema.maxLength);
        candidates.push(
          fc.constantFrom(
            'z'.repeat(max + 1),
            'é'.repeat(max + 1),
            '😀'.repeat(Math.ceil(max / 2) + 1),
          ),
        );
      }
      if (schema.pattern)
        candidates.push(fc.constantFrom('a b c', 'a<b>c', 'x\u0000y', 'abc!', 'a/b', '\ud800ab'));
      break;
    }
    case 'integer':
    case 'number': {
      if (schema.minimum !== undefined) candidates.push(fc.constant(Number(schema.minimum) - 1));
      if (schema.maximum !== undefined) candidates.push(fc.constant(Number(schema.maximum) + 1));
      candidates.push(fc.constantFrom(1.5, 1e300, -1e300, '1', 2 ** 64));
      break;
    }
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const keys = Object.keys(properties);
      const required = (schema.required ?? []) as string[];
      const valid = validValue(schema, resolve) as fc.Arbitrary<Record<string, unknown>>;
      if (required.length > 0)
        candidates.push(
          fc.tuple(valid, fc.constantFrom(...required)).map(([value, key]) => {
            const copy = { ...value };
            delete copy[key];
            return copy;
          }),
        );
      if (schema.additionalProperties === false)
        candidates.push(valid.map((value) => ({ ...value, unexpected: 1 })));
      if (keys.length > 0)
        candidates.push(
          fc
            .tuple(valid, fc.constantFrom(...keys))
            .chain(([value, key]) =>
              fc
                .oneof(invalidValue(properties[key]!, resolve), hostileValue)
                .map((bad) => ({ ...value, [key]: bad })),
            ),
        );
      break;
    }
  }
  return fc.oneof(...candidates);
}

/** What the fuzzer sends for a schema: mostly valid (boundaries included), often invalid, sometimes hostile. */
export function fuzzValue(schema: JsonSchema, resolve: ResolveRef): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 5, arbitrary: validValue(schema, resolve) },
    { weight: 3, arbitrary: invalidValue(schema, resolve) },
    { weight: 1, arbitrary: hostileValue },
  );
}

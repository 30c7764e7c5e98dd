import { REFRESH_COOKIE_NAME } from '@podlab/contracts';
import fc from 'fast-check';
import { hostileStrings, hostileValue } from './hostile-values.js';
import type { Operation } from './operations.js';
import { fuzzValue, validValue, type ResolveRef } from './schema-arbitraries.js';

/** A known value (an id or cookie the run learnt), by index into what is known when sent. */
export type Known = { known: number };
export type PathValue = Known | { value: unknown } | { raw: string };
export type Caller =
  | 'alice'
  | 'bob'
  | 'anonymous'
  | { forged: number }
  | { authorization: 'alice-lowercase' | 'alice-no-scheme' | 'basic' | 'empty' | 'two' };
export type BodyPlan =
  | { json: unknown }
  | { raw: string; contentType?: string; contentEncoding?: string }
  /**
   * What no schema can tell: credentials that work (sent as `{username, password}`) — alice's or
   * bob's, or a fresh account's (the username rule is a refinement JSON Schema cannot express).
   */
  | { credentialsOf: 'alice' | 'bob' | 'new' };

/** One request the fuzzer will send, before what the run learnt (ids, cookies) is filled in. */
export interface RequestPlan {
  operation: Operation;
  pathValues: Record<string, PathValue>;
  query: [string, unknown][];
  caller: Caller;
  tokenInQuery: boolean;
  /** A refresh cookie: one the run was given (`latest`: among the last three), or made up. */
  cookie?: Known | { latest: number } | { value: string } | { header: string };
  lastEventId?: string;
  /** Another method on the operation's path (which may be another operation, or none). */
  method?: string;
  /** A correlation id the caller sends (the kit echoes a sane one, makes up its own otherwise). */
  correlationId?: string;
  body?: BodyPlan;
  /** A body that is not the JSON the schema describes (wrong type, broken, too big): expect 4xx. */
  bodyMutated: boolean;
}

const rawPathValues = [
  '%',
  '%zz',
  '%00',
  '%2e%2e',
  '..%2f..%2f',
  '%ff',
  '%c0%af',
  'a%20b',
  '%F0%9F%98%80',
];

const callerOf = (operation: Operation): fc.Arbitrary<Caller> =>
  operation.security === 'none' || operation.security === 'refreshCookie'
    ? fc.oneof(
        { weight: 4, arbitrary: fc.constant<Caller>('anonymous') },
        { weight: 1, arbitrary: fc.constant<Caller>('alice') },
      )
    : fc.oneof(
        { weight: 6, arbitrary: fc.constant<Caller>('alice') },
        { weight: 2, arbitrary: fc.constant<Caller>('bob') },
        { weight: 1, arbitrary: fc.constant<Caller>('anonymous') },
        { weight: 2, arbitrary: fc.nat().map((forged): Caller => ({ forged })) },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom('alice-lowercase', 'alice-no-scheme', 'basic', 'empty', 'two' as const)
            .map((authorization): Caller => ({ authorization })),
        },
      );

/** Bodies that are not what the schema describes at the byte level: the parsers' turn. */
const mutatedBodies: fc.Arbitrary<BodyPlan | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom<BodyPlan>(
    { raw: '', contentType: 'application/json' },
    { raw: '{"a":', contentType: 'application/json' },
    { raw: '{"a":1}', contentType: 'text/plain' },
    { raw: '{"a":1}', contentType: 'application/x-www-form-urlencoded' },
    { raw: '{"a":1}', contentType: 'application/json; charset=latin1' },
    { raw: '{"a":1}', contentType: 'application/merge-patch+json' },
    { raw: '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}' },
    { raw: '{"title":"a","title":"b","text":"a","text":"b","name":"a","name":"b"}' },
    { raw: '\ufeff{"a":1}' },
    { raw: 'null' },
    { raw: '"just a string"' },
    { raw: '12345' },
    { raw: '[]' },
    { raw: `"${'x'.repeat(200_000)}"` },
    { raw: `{"payload":"\\ud800"}` },
    { raw: '{"a":1}\u0000' },
    { raw: '{"a":NaN}' },
    { raw: '{"a":1}', contentEncoding: 'gzip' },
    { raw: '{"a":1}', contentEncoding: 'deflate' },
    { raw: '{"a":1}', contentEncoding: 'br' },
    { raw: '{"a":1}', contentEncoding: 'identity, gzip' },
  ),
);

/**
 * Every request an operation may get: valid, boundary, invalid and hostile parts, signed in and
 * not — and, a quarter of the time, a request valid in every part, so the success paths (and
 * what they store) are fuzzed too, not only the refusals.
 */
export function requestPlans(operation: Operation, resolve: ResolveRef): fc.Arbitrary<RequestPlan> {
  return fc.oneof(
    { weight: 3, arbitrary: anyRequests(operation, resolve) },
    { weight: 1, arbitrary: validRequests(operation, resolve) },
  );
}

function validRequests(operation: Operation, resolve: ResolveRef): fc.Arbitrary<RequestPlan> {
  const optional = (parameter: { required: boolean }, value: fc.Arbitrary<unknown>) =>
    parameter.required ? value : fc.option(value, { nil: undefined });
  const queryParameters = operation.parameters.filter((parameter) => parameter.in === 'query');
  return fc
    .record({
      pathValues: fc.record(
        Object.fromEntries(
          operation.parameters
            .filter((parameter) => parameter.in === 'path')
            .map((parameter) => [parameter.name, fc.nat().map((known): PathValue => ({ known }))]),
        ),
      ),
      query: fc
        .tuple(
          ...queryParameters.map((parameter) =>
            optional(parameter, validValue(parameter.schema, resolve)),
          ),
        )
        .map((values) =>
          queryParameters.flatMap((parameter, i): [string, unknown][] =>
            values[i] === undefined ? [] : [[parameter.name, values[i]]],
          ),
        ),
      caller: fc.constantFrom<Caller>('alice', 'bob'),
      tokenInQuery: fc.boolean(),
      cookie:
        operation.security === 'refreshCookie'
          ? fc.nat().map((latest) => ({ latest }))
          : fc.constant(undefined),
      body:
        operation.operationId === 'login'
          ? fc.constantFrom<BodyPlan>({ credentialsOf: 'alice' }, { credentialsOf: 'bob' })
          : operation.operationId === 'register'
            ? fc.oneof(
                fc.constant<BodyPlan>({ credentialsOf: 'new' }),
                validValue(operation.body!, resolve).map((json): BodyPlan => ({ json })),
              )
            : operation.body
              ? validValue(operation.body, resolve).map((json): BodyPlan => ({ json }))
              : fc.constant(undefined),
    })
    .map((plan) => ({ operation, ...plan, bodyMutated: false }));
}

function anyRequests(operation: Operation, resolve: ResolveRef): fc.Arbitrary<RequestPlan> {
  const pathValues = Object.fromEntries(
    operation.parameters
      .filter((parameter) => parameter.in === 'path')
      .map((parameter) => [
        parameter.name,
        fc.oneof(
          { weight: 5, arbitrary: fc.nat().map((known): PathValue => ({ known })) },
          {
            weight: 3,
            arbitrary: fuzzValue(parameter.schema, resolve).map((value): PathValue => ({ value })),
          },
          {
            weight: 1,
            arbitrary: fc.constantFrom(...rawPathValues).map((raw): PathValue => ({ raw })),
          },
        ),
      ]),
  );
  const queryParameters = operation.parameters.filter((parameter) => parameter.in === 'query');
  const query = fc
    .tuple(
      ...queryParameters.map((parameter) =>
        fc.option(
          fc.oneof(
            { weight: 6, arbitrary: fuzzValue(parameter.schema, resolve) },
            {
              weight: 1,
              arbitrary: fc.array(fc.constantFrom('1', 'all', ''), { minLength: 2, maxLength: 3 }),
            },
          ),
          { nil: undefined, freq: parameter.required ? 10 : 3 },
        ),
      ),
      rarely(
        fc.tuple(fc.constantFrom(...hostileStrings, 'extra', 'limit[0]', 'a[b]'), hostileValue),
        4,
      ),
    )
    .map(([...values]) => {
      const extra = values.pop() as [string, unknown] | undefined;
      const pairs: [string, unknown][] = [];
      queryParameters.forEach((parameter, i) => {
        if (values[i] !== undefined) pairs.push([parameter.name, values[i]]);
      });
      if (extra) pairs.push(extra);
      return pairs;
    });
  const body: fc.Arbitrary<{ body?: BodyPlan; bodyMutated: boolean }> = operation.body
    ? fc.oneof(
        {
          weight: 8,
          arbitrary: fuzzValue(operation.body, resolve).map((json) => ({
            body: { json },
            bodyMutated: false,
          })),
        },
        { weight: 2, arbitrary: mutatedBodies.map((plan) => ({ body: plan, bodyMutated: true })) },
      )
    : fc.oneof(
        { weight: 8, arbitrary: fc.constant({ bodyMutated: false }) },
        {
          weight: 1,
          arbitrary: hostileValue.map((json) => ({ body: { json }, bodyMutated: true })),
        },
      );
  const cookie =
    operation.security === 'refreshCookie'
      ? fc.option(
          fc.oneof(
            { weight: 4, arbitrary: fc.nat().map((known) => ({ known })) },
            {
              weight: 2,
              arbitrary: fc
                .constantFrom(
                  // A cookie header carries visible ASCII only (fetch refuses the rest).
                  ...hostileStrings.filter((s) => /^[\x20-\x3a\x3c-\x7e]*$/.test(s)),
                  'a'.repeat(5000),
                )
                .map((value) => ({ value })),
            },
            {
              weight: 1,
              arbitrary: fc.constant({
                header: `${REFRESH_COOKIE_NAME}=a; ${REFRESH_COOKIE_NAME}=b`,
              }),
            },
          ),
          { nil: undefined, freq: 6 },
        )
      : fc.constant(undefined);
  const lastEventId =
    operation.security === 'bearerOrQueryToken'
      ? fc.option(fc.constantFrom('0', '1', '18446744073709551616', 'abc', ' 7 ', '-1', '1e3'), {
          nil: undefined,
          freq: 2,
        })
      : fc.constant(undefined);
  const method = rarely(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'), 12);
  const correlationId = rarely(
    fc.constantFrom('gw-42', 'a'.repeat(300), '../../x', '<script>', '%00', ' ', 'x'.repeat(64)),
    10,
  );
  return fc
    .record({
      method,
      correlationId,
      pathValues: fc.record(pathValues),
      query,
      caller: callerOf(operation),
      tokenInQuery: fc.boolean(),
      cookie,
      lastEventId,
      body,
    })
    .map(({ body: bodyPlan, ...rest }) => ({ operation, ...rest, ...bodyPlan }));
}

/** The value about once in `every` plans, else undefined (fc.option's `freq` is the other way round). */
function rarely<T>(value: fc.Arbitrary<T>, every: number): fc.Arbitrary<T | undefined> {
  return fc.oneof(
    { weight: every - 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: value },
  );
}

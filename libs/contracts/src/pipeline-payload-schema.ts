import { z } from 'zod';

/** The most bytes a payload may take as compact UTF-8 JSON: what travels and what is stored. */
export const MAX_PAYLOAD_BYTES = 65_536;

/**
 * The deepest a payload may nest arrays and objects: `1` and `"a"` are depth 0, `[]` and
 * `{"a":1}` depth 1, `[[1]]` depth 2. 31 is the deepest the consumer's JSON column takes on
 * MariaDB 10.11 (its JSON_VALID check stops at 32 open containers; MySQL 8.4 allows 100).
 */
export const MAX_PAYLOAD_DEPTH = 31;

export interface PayloadProblem {
  /** Where in the payload, as keys and indexes from its root. */
  path: (string | number)[];
  message: string;
}

/**
 * Why a value is not a payload the pipeline can carry and store, or undefined when it is one:
 * JSON values only (finite numbers, plain objects), at most MAX_PAYLOAD_DEPTH deep, valid
 * Unicode in every string and key (no lone surrogate: UTF-8 and the database cannot hold one),
 * at most MAX_PAYLOAD_BYTES as JSON. The walk uses its own stack, not recursion, so a body that
 * nests thousands of levels is refused here instead of overflowing the call stack; and it stops
 * descending at the first container past the limit.
 */
export function payloadProblem(payload: unknown): PayloadProblem | undefined {
  if (payload === undefined) return { path: [], message: 'payload is required' };
  // Each entry links to its parent: the path is built only for the one value that fails, not
  // copied for every value walked (most payloads pass, and the check runs on every message).
  const stack: Visit[] = [{ value: payload, parent: undefined, key: '', depth: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value, depth } = item;
    if (value === null || typeof value === 'boolean') continue;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return problemAt(item, `${value} is not a JSON number`);
      continue;
    }
    if (typeof value === 'string') {
      const lone = loneSurrogateIn(value);
      if (lone) return problemAt(item, `the string ${lone}`);
      continue;
    }
    if (typeof value !== 'object') return problemAt(item, `a ${typeof value} is not JSON`);
    if (depth === MAX_PAYLOAD_DEPTH)
      return problemAt(item, `nests arrays and objects deeper than ${MAX_PAYLOAD_DEPTH} levels`);
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--)
        stack.push({ value: value[i], parent: item, key: i, depth: depth + 1 });
      continue;
    }
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype !== Object.prototype && prototype !== null)
      return problemAt(item, 'is not a plain JSON object');
    const keys = Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string;
      const visit = {
        value: (value as Record<string, unknown>)[key],
        parent: item,
        key,
        depth: depth + 1,
      };
      const lone = loneSurrogateIn(key);
      if (lone) return problemAt(visit, `the key ${lone}`);
      stack.push(visit);
    }
  }
  const bytes = utf8Length(JSON.stringify(payload));
  if (bytes > MAX_PAYLOAD_BYTES)
    return {
      path: [],
      message: `payload is ${bytes} bytes as JSON; at most ${MAX_PAYLOAD_BYTES} are allowed`,
    };
  return undefined;
}

/** A value met by payloadProblem's walk: its parent's entry and its key or index there. */
interface Visit {
  value: unknown;
  parent: Visit | undefined;
  key: string | number;
  depth: number;
}

function problemAt(visit: Visit, message: string): PayloadProblem {
  const path: (string | number)[] = [];
  for (let at: Visit | undefined = visit; at?.parent; at = at.parent) path.unshift(at.key);
  return { path, message };
}

// Matches code units, not code points (no `u` flag): a high surrogate not followed by a low
// one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** String.prototype.isWellFormed (ES2024: Node 20, current browsers), a native scan. */
type MaybeWellFormed = string & { isWellFormed?: () => boolean };

function loneSurrogateIn(text: string): string | undefined {
  if ((text as MaybeWellFormed).isWellFormed?.() === true) return undefined;
  const match = LONE_SURROGATE.exec(text);
  if (!match) return undefined;
  const unit = match[0].charCodeAt(0).toString(16).toUpperCase();
  return `holds a lone surrogate (\\u${unit}) at index ${match.index}: not valid Unicode, so it cannot be stored`;
}

/** UTF-8 length of well-formed text, counted without allocating its bytes. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff) {
      bytes += 4; // a surrogate pair: one code point of four bytes
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * A pipeline payload: any JSON value the consumer can store (see payloadProblem). The check
 * runs first and alone (a preprocess step whose issue ends the parse); only a payload that
 * passed it reaches z.json(), whose recursion is then at most MAX_PAYLOAD_DEPTH deep. As a
 * preprocess, it documents (JSON Schema, OpenAPI) as the recursive JSON type it checks.
 */
export const pipelinePayloadSchema = z
  .preprocess((value, ctx) => {
    const problem = payloadProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
    return value;
  }, z.json())
  .describe(
    `Any JSON value: at most ${MAX_PAYLOAD_DEPTH} levels of nested arrays and objects, ${MAX_PAYLOAD_BYTES} bytes as UTF-8 JSON, and valid Unicode (no lone surrogates)`,
  );

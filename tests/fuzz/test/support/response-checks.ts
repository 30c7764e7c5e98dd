import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { OpenApiDocument, Operation } from './operations.js';
import type { JsonSchema } from './schema-arbitraries.js';
import type { Answer, SentRequest } from './send-request.js';

/**
 * What an answer must never show: a stack frame, a database error, a file of the server.
 * A marker the request itself contains (an echoed title, room id…) is not counted.
 */
const internals: [string, RegExp][] = [
  ['a stack frame', /\bat [\w.<>]+ \(|\n\s+at |node:internal|\.(?:ts|js|mjs|cjs):\d+:\d+/],
  [
    'a database error',
    /\bER_[A-Z_]{3,}|sqlMessage|sqlState|SQL syntax|\bSELECT\b.+\bFROM\b|\bINSERT INTO\b|\bmysql2?\b|MariaDB|Duplicate entry/i,
  ],
  [
    'a file path of the server',
    /\/(?:home|root|usr|opt|srv|app|tmp|work)\/[\w.-]+|node_modules|\bdist\/main|file:\/\//,
  ],
  ['a broker error', /\bamqp|ECONNREFUSED|PRECONDITION_FAILED/i],
  ['an internal error name', /\b(?:TypeError|RangeError|ReferenceError|SyntaxError|ZodError)\b/],
];

/**
 * Statuses any route may answer besides its documented ones: rate limits (a policy across
 * routes), and what the HTTP server itself refuses before any route (headers or URL too big).
 */
const ALWAYS_ALLOWED = new Set([429, 431]);

export class ResponseChecks {
  private readonly ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false });
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {}

  /** Every way the answer breaks the rules; empty when it is fine. */
  problems(
    operation: Operation,
    request: SentRequest,
    answer: Answer,
    /** A made-up path value (any 400/404 is fine) or another method (it may be another operation). */
    mutated: { path: boolean; method: boolean },
  ): string[] {
    const problems: string[] = [];
    const { status } = answer;
    if (status >= 500) problems.push(`answered ${status}`);
    const type = answer.headers.get('content-type') ?? '';
    // Errors are where internals leak (a success body holds the caller's own data, or documentation).
    if (status >= 400) {
      for (const [what, pattern] of internals) {
        if (pattern.test(answer.text) && !pattern.test(request.echoable))
          problems.push(`the body shows ${what}: ${answer.text.slice(0, 500)}`);
      }
    }
    const documented = mutated.method ? undefined : operation.responses[String(status)];
    if (
      !documented &&
      !mutated.method &&
      !ALWAYS_ALLOWED.has(status) &&
      !(mutated.path && (status === 404 || status === 400)) &&
      !(status === 413 || status === 415)
    )
      problems.push(
        `answered ${status}, which its OpenAPI document does not list (${Object.keys(operation.responses).join(', ')})`,
      );

    if (status >= 400) {
      if (!type.startsWith('application/json')) {
        problems.push(`a ${status} that is not JSON (${type}): ${answer.text.slice(0, 200)}`);
        return problems;
      }
      let body: unknown;
      try {
        body = JSON.parse(answer.text);
      } catch {
        problems.push(`a ${status} whose body is not JSON: ${answer.text.slice(0, 200)}`);
        return problems;
      }
      const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } })
        .error;
      if (
        !this.validate('#/components/schemas/ErrorResponse', {
          $ref: '#/components/schemas/ErrorResponse',
        })(body)
      )
        problems.push(`a ${status} not in the error shape: ${answer.text.slice(0, 300)}`);
      else if (!/^[A-Z][A-Z0-9_]+$/.test(String(error?.code)))
        problems.push(`a ${status} whose code is not a stable CODE: ${String(error?.code)}`);
      else if (String(error?.message).trim().length < 8 || error?.message === 'Internal error')
        problems.push(`a ${status} whose message names nothing: ${JSON.stringify(error?.message)}`);
      else if (
        error?.code === 'VALIDATION_FAILED' &&
        !(Array.isArray(error.details) && error.details.length > 0)
      )
        problems.push(
          `a VALIDATION_FAILED without details naming the fields: ${answer.text.slice(0, 300)}`,
        );
      return problems;
    }

    if (documented?.eventStream && status === 200) {
      if (!type.startsWith('text/event-stream'))
        problems.push(`a 200 event stream answered as ${type}`);
    } else if (documented?.json) {
      let body: unknown;
      try {
        body = JSON.parse(answer.text);
      } catch {
        problems.push(`a ${status} whose body is not JSON: ${answer.text.slice(0, 200)}`);
        return problems;
      }
      const validate = this.validate(`${operation.operationId} ${status}`, documented.json);
      if (!validate(body))
        problems.push(
          `a ${status} that does not match its documented schema (${this.ajv.errorsText(validate.errors)}): ${answer.text.slice(0, 300)}`,
        );
    }
    return problems;
  }

  private validate(key: string, schema: JsonSchema): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      // Refs are `#/components/schemas/…`: compile each schema with the document's components beside it.
      validate = this.ajv.compile({ ...schema, components: this.document.components });
      this.validators.set(key, validate);
    }
    return validate;
  }
}

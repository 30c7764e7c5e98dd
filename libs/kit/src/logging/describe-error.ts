import { toError } from '../errors/app-error.js';

/** What a log line says about a failure: message, code and stack, plus the cause chain. */
export function describeError(value: unknown): Record<string, unknown> {
  const error = toError(value);
  const described: Record<string, unknown> = {
    type: error.name,
    message: error.message,
    stack: error.stack,
  };
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) described.code = code;
  if (error.cause !== undefined && error.cause !== error)
    described.cause = describeError(error.cause);
  return described;
}

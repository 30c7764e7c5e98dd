import type { ConsumeMessage } from 'amqplib';
import type { z } from 'zod';

/** A message body as the contract reads it, or the reason it never will be (a poison message). */
export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * The decoder of messages whose body is UTF-8 JSON checked against a contract from
 * `@podlab/contracts`. It never throws: a body that is not JSON, or breaks the contract, comes
 * back with a reason naming each bad field (`body fails the <contract>: payload.id: …`), which a
 * consumer puts on the dead letter and a subscriber logs.
 */
export function jsonMessageDecoder<T>(
  schema: z.ZodType<T>,
  /** How the reason names the contract, e.g. `pipeline message contract`. */
  contract: string,
): (message: ConsumeMessage) => Decoded<T> {
  return (message) => {
    let body: unknown;
    try {
      body = JSON.parse(message.content.toString('utf8'));
    } catch (error) {
      return { ok: false, reason: `body is not JSON: ${(error as Error).message}` };
    }
    const result = schema.safeParse(body);
    if (result.success) return { ok: true, value: result.data };
    const issues = result.error.issues
      .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
      .join('; ');
    return { ok: false, reason: `body fails the ${contract}: ${issues}` };
  };
}

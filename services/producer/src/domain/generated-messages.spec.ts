import { describe, expect, it } from 'vitest';
import { generatedMessages } from './generated-messages.js';

const payloadsOf = (count: number, payloadBytes: number) =>
  [...generatedMessages(count, payloadBytes, 'corr-1')].map(
    (m) => (JSON.parse(m.body.toString('utf8')) as { payload: unknown }).payload,
  );

describe('generatedMessages', () => {
  it('when asked for payloadBytes, then each payload is that long as JSON, whatever its sequence number', () => {
    const payloads = payloadsOf(12, 64);
    expect(payloads.map((p) => JSON.stringify(p).length)).toEqual(Array(12).fill(64));
    expect(payloads[11]).toMatchObject({ seq: 11 });
  });

  it('when payloadBytes is below the smallest payload, then the payload is the smallest one', () => {
    expect(payloadsOf(1, 0)).toEqual([{ seq: 0, filler: '' }]);
  });

  it('when pulled lazily, then messages are made one at a time', () => {
    const source = generatedMessages(1_000_000, 65_536, 'corr-1');
    const first = source.next();
    expect(first.done).toBe(false);
    expect(first.value?.correlationId).toBe('corr-1');
    expect(first.value?.body.length).toBeLessThan(66_000);
  });
});

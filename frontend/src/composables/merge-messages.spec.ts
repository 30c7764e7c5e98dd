import type { ChatMessage } from '@podlab/contracts';
import { describe, expect, it } from 'vitest';
import { mergeMessages } from './use-chat-room.js';

const at = '2026-11-25T10:00:00.000Z';
const message = (id: string, createdAt = at): ChatMessage => ({
  id,
  roomId: '1',
  userId: 'u1',
  username: 'alice',
  text: `m${id}`,
  createdAt,
});

describe('mergeMessages', () => {
  it('when the same message comes from the stream and a reload, then it is kept once', () => {
    const merged = mergeMessages([message('1'), message('2')], [message('2'), message('3')]);
    expect(merged.map((m) => m.id)).toEqual(['1', '2', '3']);
  });

  it('when messages arrive out of order, then they are shown by time', () => {
    const merged = mergeMessages(
      [message('5', '2026-11-25T10:00:02.000Z')],
      [message('4', '2026-11-25T10:00:01.000Z')],
    );
    expect(merged.map((m) => m.id)).toEqual(['4', '5']);
  });

  it('when two messages share a millisecond, then the lower id comes first, "9" before "10"', () => {
    const merged = mergeMessages([message('10')], [message('9'), message('11')]);
    expect(merged.map((m) => m.id)).toEqual(['9', '10', '11']);
  });
});

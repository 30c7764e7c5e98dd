import { describe, expect, it } from 'vitest';
import { readEventStream, type SseEvent } from '../src/index.js';

/** A body that arrives in exactly these chunks. */
function body(...chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function read(...chunks: string[]) {
  const events: SseEvent[] = [];
  const comments: string[] = [];
  await readEventStream(body(...chunks), {
    event: (event) => events.push(event),
    comment: (text) => comments.push(text),
  });
  return { events, comments };
}

describe('readEventStream', () => {
  it('when frames carry id, event and data, then each becomes one event, in order', async () => {
    const { events } = await read(
      'id: 7\nevent: message\ndata: {"text":"a"}\n\n',
      'event: token-expired\ndata: {}\n\n',
    );
    expect(events).toEqual([
      { id: '7', event: 'message', data: '{"text":"a"}' },
      { event: 'token-expired', data: '{}' },
    ]);
  });

  it('when a frame is split across chunks, even inside a character, then it is read whole', async () => {
    const bytes = new TextEncoder().encode('data: 中文\n\n');
    const part = (from: number, to: number) => bytes.slice(from, to);
    const events: SseEvent[] = [];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(part(0, 7));
        controller.enqueue(part(7, 10));
        controller.enqueue(part(10, bytes.length));
        controller.close();
      },
    });
    await readEventStream(stream, { event: (event) => events.push(event) });
    expect(events).toEqual([{ data: '中文' }]);
  });

  it('when a frame has several data lines, then they are joined by newlines', async () => {
    const { events } = await read('data: one\ndata:two\n\n');
    expect(events).toEqual([{ data: 'one\ntwo' }]);
  });

  it('when frames hold only retry or comments, then they are no events and comments are reported', async () => {
    const { events, comments } = await read('retry: 2000\n\n: keep-alive\n\ndata: x\n\n');
    expect(events).toEqual([{ data: 'x' }]);
    expect(comments).toEqual(['keep-alive']);
  });

  it('when the body ends in the middle of a frame, then that frame is not an event', async () => {
    const { events } = await read('data: whole\n\ndata: cut off');
    expect(events).toEqual([{ data: 'whole' }]);
  });

  it('when reading is aborted, then it rejects', async () => {
    const controller = new AbortController();
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        controller.signal.addEventListener('abort', () => c.error(new Error('aborted')));
      },
    });
    const reading = readEventStream(stream, { event: () => undefined });
    controller.abort();
    await expect(reading).rejects.toThrow('aborted');
  });
});

/** One server-sent event: `data` is its data lines joined by newlines. */
export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

export interface EventStreamHandlers {
  event(event: SseEvent): void;
  /** Comment lines (`: keep-alive`), without the colon. */
  comment?(text: string): void;
}

/**
 * Reads a `text/event-stream` body, calling `handlers` as each frame completes; resolves when the
 * body ends, rejects when reading fails (an abort). Frames without data are not events (the
 * spec's rule: `retry:` alone, or an id alone), so they are skipped. LF line endings only, which
 * is what Node servers write.
 */
export async function readEventStream(
  body: ReadableStream<Uint8Array>,
  handlers: EventStreamHandlers,
): Promise<void> {
  // TextDecoder rather than TextDecoderStream: its stream types differ between the DOM and Node
  // typings, and the browser tests type-check this file with the DOM's.
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = parseFrame(buffer.slice(0, end), handlers);
      buffer = buffer.slice(end + 2);
      if (event) handlers.event(event);
    }
  }
}

function parseFrame(frame: string, handlers: EventStreamHandlers): SseEvent | undefined {
  const event: SseEvent = { data: '' };
  const data: string[] = [];
  for (const line of frame.split('\n')) {
    if (line.startsWith(':')) {
      handlers.comment?.(line.slice(1).trim());
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    // One space after the colon is part of the syntax, not of the value.
    const value = colon < 0 ? '' : line.slice(colon + (line[colon + 1] === ' ' ? 2 : 1));
    if (field === 'data') data.push(value);
    else if (field === 'id') event.id = value;
    else if (field === 'event') event.event = value;
  }
  if (data.length === 0) return undefined;
  event.data = data.join('\n');
  return event;
}

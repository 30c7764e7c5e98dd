export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

/**
 * A minimal EventSource for tests over fetch: it can send headers (Last-Event-ID, or a bearer
 * token), exposes the status of a refused stream, and collects events for `waitFor`.
 */
export async function openSse(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: controller.signal,
  });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  let ended = false;
  let wake = () => undefined as void;

  if (response.ok && response.body) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = parseFrame(frame, comments);
            if (event) events.push(event);
          }
          wake();
        }
      } catch {
        // aborted by close()
      } finally {
        ended = true;
        wake();
      }
    })();
  }

  /** Resolves once `count` events arrived (or rejects after the timeout, naming what came). */
  async function waitFor(count: number, timeoutMs = 5_000): Promise<SseEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (events.length < count) {
      if (ended) throw new Error(`stream ended after ${events.length} of ${count} events`);
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`only ${events.length} of ${count} events after ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return events.slice(0, count);
  }

  return {
    response,
    events,
    comments,
    waitFor,
    get ended() {
      return ended;
    },
    close: () => controller.abort(),
  };
}

function parseFrame(frame: string, comments: string[]): SseEvent | undefined {
  const event: SseEvent = { data: '' };
  const data: string[] = [];
  for (const line of frame.split('\n')) {
    if (line.startsWith(':')) comments.push(line.slice(1).trim());
    else if (line.startsWith('id: ')) event.id = line.slice(4);
    else if (line.startsWith('event: ')) event.event = line.slice(7);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
  }
  if (data.length === 0) return undefined;
  event.data = data.join('\n');
  return event;
}

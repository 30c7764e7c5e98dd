import { readEventStream, type SseEvent } from '@podlab/testing';

export type { SseEvent };

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
    void readEventStream(response.body, {
      event: (event) => {
        events.push(event);
        wake();
      },
      comment: (text) => comments.push(text),
    })
      .catch(() => undefined) // aborted by close()
      .finally(() => {
        ended = true;
        wake();
      });
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

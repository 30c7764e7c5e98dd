import { onScopeDispose, ref } from 'vue';

export type StreamState = 'idle' | 'connecting' | 'open' | 'reconnecting';

export interface EventStreamOptions {
  /** The URL to open, computed again for each connection (a chat token may have been refreshed). */
  url: () => string | Promise<string>;
  /** Handlers by SSE event name (`message` for unnamed events). */
  on: Record<string, (data: string, lastEventId: string) => void>;
  /** Called when a connection opens again after a drop, to fetch what a reconnect might have missed. */
  onReopen?: () => void;
  maxDelayMs?: number;
}

/**
 * An EventSource that stays up: the browser retries a dropped stream by itself, but gives up when
 * the server refuses (an expired token answers 401); then this reopens it with a fresh URL, backing
 * off exponentially. `state` drives the visible "reconnecting" indicator.
 */
export function useEventStream(options: EventStreamOptions) {
  const state = ref<StreamState>('idle');
  const maxDelay = options.maxDelayMs ?? 15_000;
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempts = 0;
  let opened = false;
  let generation = 0;

  async function connect(myGeneration: number): Promise<void> {
    let url: string;
    try {
      url = await options.url();
    } catch {
      if (myGeneration === generation) retryLater();
      return;
    }
    if (myGeneration !== generation) return;
    const es = new EventSource(url);
    source = es;
    es.onopen = () => {
      const again = opened;
      opened = true;
      attempts = 0;
      state.value = 'open';
      if (again) options.onReopen?.();
    };
    es.onerror = () => {
      if (source !== es) return;
      if (es.readyState === EventSource.CLOSED) {
        es.close();
        source = null;
        retryLater();
      } else {
        state.value = 'reconnecting';
      }
    };
    for (const [name, handler] of Object.entries(options.on)) {
      es.addEventListener(name, (event) => {
        const message = event as MessageEvent<string>;
        handler(message.data, message.lastEventId);
      });
    }
  }

  function retryLater(): void {
    state.value = 'reconnecting';
    const delay = Math.min(maxDelay, 500 * 2 ** attempts) * (0.8 + Math.random() * 0.4);
    attempts += 1;
    const myGeneration = generation;
    timer = setTimeout(() => void connect(myGeneration), delay);
  }

  function stop(): void {
    generation += 1;
    clearTimeout(timer);
    source?.close();
    source = null;
    state.value = 'idle';
  }

  function start(): void {
    stop();
    attempts = 0;
    opened = false;
    state.value = 'connecting';
    void connect(generation);
  }

  onScopeDispose(stop);
  return { state, start, stop };
}

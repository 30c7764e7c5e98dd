import { onScopeDispose, ref } from 'vue';

export type StreamState = 'idle' | 'connecting' | 'open' | 'reconnecting';

/** What the URL of one connection is built from. */
export interface StreamConnection {
  /** The id of the last event received (or given to start), for the server to resume after. */
  lastEventId: string | undefined;
  /** The server ended the last stream because its credentials expired: this URL needs new ones. */
  renew: boolean;
}

export interface EventStreamOptions {
  /** The URL to open, computed again for each connection (a chat token may have been refreshed). */
  url: (connection: StreamConnection) => string | Promise<string>;
  /** Handlers by SSE event name (`message` for unnamed events). */
  on: Record<string, (data: string, lastEventId: string) => void>;
  /** The event after which the server ends a stream whose credentials expired: reconnect at once, renewed. */
  renewOn?: string;
  /** Called when a connection opens again after a drop, to fetch what a reconnect might have missed. */
  onReopen?: () => void;
  maxDelayMs?: number;
}

/**
 * Tokens live for 30 s at the very least (auth's floor), so renewals come at least that far
 * apart. One this soon after the last means the fresh token did not help (clocks far apart):
 * renewing at once again would loop against auth.
 */
const QUICK_RENEWAL_MS = 10_000;

/**
 * An EventSource that stays up: the browser retries a dropped stream by itself, but gives up when
 * the server refuses (an expired token answers 401); then this reopens it with a fresh URL, backing
 * off exponentially. When the server ends a stream because its token expired (`renewOn`), this
 * hands over to a new stream at once, from the last event id, without showing an outage. `state`
 * drives the visible "reconnecting" indicator.
 */
export function useEventStream(options: EventStreamOptions) {
  const state = ref<StreamState>('idle');
  const maxDelay = options.maxDelayMs ?? 15_000;
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempts = 0;
  let opened = false;
  let generation = 0;
  let lastEventId: string | undefined;
  let lastRenewal = -Infinity;
  let quickRenewals = 0;

  async function connect(myGeneration: number, renew = false): Promise<void> {
    let url: string;
    try {
      url = await options.url({ lastEventId, renew });
    } catch {
      if (myGeneration === generation) retryLater(renew);
      return;
    }
    if (myGeneration !== generation) return;
    const es = new EventSource(url);
    source = es;
    es.onopen = () => {
      // A hand-over keeps the state open: only a reopen after a visible outage may have missed something.
      const again = opened && state.value === 'reconnecting';
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
        if (message.lastEventId) lastEventId = message.lastEventId;
        handler(message.data, message.lastEventId);
      });
    }
    if (options.renewOn) es.addEventListener(options.renewOn, () => handOver(es));
  }

  /** The server is about to end `es`: close it first, or the browser would retry with the expired URL. */
  function handOver(es: EventSource): void {
    if (source !== es) return;
    es.close();
    source = null;
    const now = Date.now();
    quickRenewals = now - lastRenewal < QUICK_RENEWAL_MS ? quickRenewals + 1 : 0;
    lastRenewal = now;
    if (quickRenewals === 0) void connect(generation, true);
    else retryLater(true, quickRenewals - 1);
  }

  /** `tries`: the back-off step; by default the failed attempts since the last open. */
  function retryLater(renew = false, tries?: number): void {
    state.value = 'reconnecting';
    const step = tries ?? attempts++;
    const delay = Math.min(maxDelay, 500 * 2 ** step) * (0.8 + Math.random() * 0.4);
    const myGeneration = generation;
    timer = setTimeout(() => void connect(myGeneration, renew), delay);
  }

  function stop(): void {
    generation += 1;
    clearTimeout(timer);
    source?.close();
    source = null;
    state.value = 'idle';
  }

  /** `from`: the id of the newest event the caller already has, so nothing after it is missed. */
  function start(from?: string): void {
    stop();
    attempts = 0;
    opened = false;
    lastEventId = from;
    state.value = 'connecting';
    void connect(generation);
  }

  onScopeDispose(stop);
  return { state, start, stop };
}

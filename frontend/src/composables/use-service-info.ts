import type { ServiceInfo } from '@podlab/contracts';
import { onScopeDispose, reactive } from 'vue';
import type { PublicServiceName } from '@podlab/catalog';
import { SERVICES, infoApi } from '../api/pipeline-api.js';

export const POLL_SECONDS = 3;
const PODS_REMEMBERED = 6;

export interface ServiceRow {
  service: PublicServiceName;
  info: ServiceInfo | null;
  error: unknown;
  /** The most recent distinct pods that answered, newest first: several means load balancing is visible. */
  podsSeen: string[];
}

/** Asks every service's info endpoint every few seconds while the page is shown. */
export function useServiceInfo(intervalMs = POLL_SECONDS * 1000) {
  const rows = reactive<ServiceRow[]>(
    SERVICES.map((service) => ({ service, info: null, error: null, podsSeen: [] })),
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | null = null;
  let running = false;

  async function pollOnce(): Promise<void> {
    controller = new AbortController();
    const { signal } = controller;
    await Promise.all(
      rows.map(async (row) => {
        try {
          const info = await infoApi.info(row.service, signal);
          row.info = info;
          row.error = null;
          row.podsSeen = [info.pod, ...row.podsSeen.filter((p) => p !== info.pod)].slice(
            0,
            PODS_REMEMBERED,
          );
        } catch (error) {
          if (!signal.aborted) row.error = error;
        }
      }),
    );
  }

  async function loop(): Promise<void> {
    // A hidden tab asks nothing; it catches up on the next tick after it is shown again.
    if (typeof document === 'undefined' || !document.hidden) await pollOnce();
    if (running) timer = setTimeout(() => void loop(), intervalMs);
  }

  function start(): void {
    if (running) return;
    running = true;
    void loop();
  }

  function stop(): void {
    running = false;
    clearTimeout(timer);
    controller?.abort();
  }

  onScopeDispose(stop);
  return { rows, start, stop, pollOnce };
}

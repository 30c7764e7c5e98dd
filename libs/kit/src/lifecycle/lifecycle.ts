import type { Logger } from 'pino';
import { describeError } from '../logging/describe-error.js';

type Closer = () => Promise<void> | void;

export interface LifecycleOptions {
  logger: Logger;
  /** Time to keep serving with /readyz at 503 before closing, so load balancers stop routing here. */
  shutdownDelayMs: number;
  /** Upper bound for all closers together. */
  shutdownTimeoutMs: number;
}

/**
 * Owns the order of shutdown. Each resource registers its closer where it is created;
 * shutdown marks the service not-ready, waits the configured delay, then runs closers in
 * reverse order of registration (the listener first, the database last), bounded by a timeout.
 */
export class Lifecycle {
  private readonly closers: { name: string; close: Closer }[] = [];
  private shuttingDown?: Promise<boolean>;
  private drainingSince?: number;

  constructor(private readonly options: LifecycleOptions) {}

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  onShutdown(name: string, close: Closer): void {
    this.closers.push({ name, close });
  }

  /** Resolves true when every closer finished in time; safe to call more than once. */
  shutdown(reason: string): Promise<boolean> {
    this.shuttingDown ??= this.run(reason);
    return this.shuttingDown;
  }

  private async run(reason: string): Promise<boolean> {
    const { logger, shutdownDelayMs, shutdownTimeoutMs } = this.options;
    this.drainingSince = Date.now();
    logger.info({ reason, shutdownDelayMs }, 'shutting down: not ready any more');
    if (shutdownDelayMs > 0) await sleep(shutdownDelayMs);

    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), shutdownTimeoutMs);
      timer.unref();
    });
    const ok = await Promise.race([this.closeAll(), timeout]);
    clearTimeout(timer);
    if (ok) logger.info({ ms: Date.now() - this.drainingSince }, 'shut down cleanly');
    else logger.error({ shutdownTimeoutMs }, 'shutdown timed out: some work may not have finished');
    return ok;
  }

  private async closeAll(): Promise<boolean> {
    let ok = true;
    for (const { name, close } of [...this.closers].reverse()) {
      try {
        await close();
        this.options.logger.debug({ resource: name }, 'closed');
      } catch (error) {
        ok = false;
        this.options.logger.error({ resource: name, err: describeError(error) }, 'closing failed');
      }
    }
    return ok;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

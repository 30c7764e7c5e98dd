import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Backend } from './local-router.js';

export interface InstanceSpec {
  service: string;
  pod: string;
  port: number;
  /** The built bundle to run with node (services/<name>/dist/main.js). */
  script: string;
  env: Record<string, string>;
  /** Restart after a crash, as a kubelet would (npm start); a benchmark wants the crash seen instead. */
  restart?: boolean;
  /** Extra node flags (a benchmark's --cpu-prof: node refuses it in NODE_OPTIONS). */
  nodeArgs?: string[];
}

/** As a kubelet's CrashLoopBackOff, scaled to a laptop: 1 s, doubling, at most 30 s. */
const FIRST_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;
/** Ready this long after a restart and the next crash starts the back-off over. */
const STABLE_MS = 60_000;
/** How often /readyz is asked, and how long one answer may take (periodSeconds, timeoutSeconds). */
const PROBE_PERIOD_MS = 1_000;
const PROBE_TIMEOUT_MS = 1_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One instance of a service, run as a kubelet runs a pod's container: restarted with back-off
 * when it exits, probed on /readyz so the router only sends it requests while it is ready.
 */
export class ServiceInstance implements Backend {
  readonly service: string;
  readonly pod: string;
  readonly port: number;
  child: ChildProcess | undefined;
  restarts = 0;
  private isReady = false;
  private everReady = false;
  private stopping = false;
  private crashes = 0;
  private readySince = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private readonly readyWaiters = new Set<(error?: Error) => void>();

  constructor(
    private readonly spec: InstanceSpec,
    private readonly log: (line: string) => void,
    /** Told the pid of every process started, so a watchdog can stop it if the stack dies. */
    private readonly onSpawn: (pod: string, pid: number | undefined) => void = () => undefined,
  ) {
    this.service = spec.service;
    this.pod = spec.pod;
    this.port = spec.port;
  }

  ready(): boolean {
    return this.isReady;
  }

  start(): void {
    this.spawnChild();
    void this.probeLoop();
  }

  /** Resolves once the instance is first ready; rejects if it exits before that (a broken start). */
  waitReady(timeoutMs = 90_000): Promise<void> {
    if (this.everReady) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => settle(new Error(`${this.pod} was not ready after ${timeoutMs / 1000} s`)),
        timeoutMs,
      );
      const settle = (error?: Error) => {
        clearTimeout(timer);
        this.readyWaiters.delete(settle);
        if (error) reject(error);
        else resolve();
      };
      this.readyWaiters.add(settle);
    });
  }

  /** SIGTERM, as Kubernetes sends it, then wait for the drain; SIGKILL only past the grace period. */
  async stop(graceMs = 30_000): Promise<number | null> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    this.isReady = false;
    this.settleWaiters(new Error(`${this.pod} was stopped before it was ready`));
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? 0;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const [code] = await exited;
    clearTimeout(timer);
    return code as number | null;
  }

  private spawnChild(): void {
    const { spec } = this;
    const child = spawn(
      process.execPath,
      ['--enable-source-maps', ...(spec.nodeArgs ?? []), spec.script],
      {
        env: { ...process.env, ...spec.env, PORT: String(spec.port), POD_NAME: spec.pod },
        // Own process group: Ctrl-C reaches the stack, which then stops the services in order; the
        // watchdog can stop the whole group if the stack itself is killed.
        detached: true,
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    this.child = child;
    this.onSpawn(spec.pod, child.pid);
    child.on('error', (error) => this.log(`${spec.pod} could not be started: ${error.message}`));
    child.on('exit', (code, signal) => this.onExit(child, code, signal));
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (child !== this.child) return;
    this.isReady = false;
    if (this.stopping) return;
    const how = signal ? `killed by ${signal}` : `code ${code}`;
    if (!this.everReady) {
      this.settleWaiters(new Error(`${this.pod} exited (${how}) before it was ready`));
      return;
    }
    if (this.spec.restart === false) {
      this.log(`${this.pod} exited (${how})`);
      return;
    }
    if (this.readySince > 0 && Date.now() - this.readySince >= STABLE_MS) this.crashes = 0;
    const delay = Math.min(FIRST_BACKOFF_MS * 2 ** this.crashes, MAX_BACKOFF_MS);
    this.crashes += 1;
    this.restarts += 1;
    this.readySince = 0;
    this.log(
      `${this.pod} exited (${how}); restarting it in ${delay / 1000} s (restart ${this.restarts}); the router skips it until it is ready`,
    );
    this.restartTimer = setTimeout(() => {
      if (!this.stopping) this.spawnChild();
    }, delay);
  }

  private async probeLoop(): Promise<void> {
    while (!this.stopping) {
      const child = this.child;
      const alive = child !== undefined && child.exitCode === null && child.signalCode === null;
      const ok = alive && (await this.probe());
      // The process may have exited (or been replaced) while the probe was in flight.
      if (!this.stopping && child === this.child) this.record(ok, alive);
      // Faster until first ready, so `npm start` is up as soon as its services are.
      await sleep(this.everReady ? PROBE_PERIOD_MS : 250);
    }
  }

  private record(ok: boolean, alive: boolean): void {
    if (ok && !this.isReady) {
      this.readySince = Date.now();
      if (this.everReady) this.log(`${this.pod} is ready again`);
      this.everReady = true;
      this.settleWaiters();
    } else if (!ok && this.isReady && alive) {
      this.log(`${this.pod} is not ready (/readyz); the router skips it`);
    }
    this.isReady = ok;
  }

  private async probe(): Promise<boolean> {
    try {
      const answer = await fetch(`http://127.0.0.1:${this.port}/readyz`, {
        signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      });
      await answer.arrayBuffer();
      return answer.ok;
    } catch {
      return false;
    }
  }

  private settleWaiters(error?: Error): void {
    for (const settle of [...this.readyWaiters]) settle(error);
    this.readyWaiters.clear();
  }
}

import { rmSync } from 'node:fs';
import { onProcessExit } from './exit-cleanup.js';
import { findFreePorts } from './free-port.js';
import { writeOwner } from './harness-dir.js';
import { logsSayAddressInUse, tailOfLogs } from './log-tail.js';
import { processGroupMembers } from './proc-fs.js';
import { signalGroup, spawnGroup, type GroupLeader } from './process-group.js';
import { isPortClosed } from './tcp-probe.js';
import { waitFor } from './wait-for.js';

/** What differs between RabbitMQ and MariaDB; the lifecycle around it is shared. */
export interface ServerSpec {
  /** Used in error messages, e.g. "RabbitMQ node podlab-x@localhost". */
  readonly label: string;
  readonly dir: string;
  readonly port: number;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** Where the server's stdout and stderr go. */
  readonly outputFile: string;
  /** Every file worth quoting when the server fails (outputFile included). */
  readonly logFiles: readonly string[];
  readonly startTimeoutMs: number;
  readonly stopTimeoutMs: number;
  /** Resolves true once the server answers its protocol; may throw while it is starting. */
  isReady(): Promise<boolean>;
  /** Asks the server to shut down cleanly; the caller then waits for the process to exit. */
  requestShutdown(leader: GroupLeader): Promise<void>;
  /** Waits for anything besides the port that must be released before a restart. */
  awaitReleased?(): Promise<void>;
  /** A persistent folder (`npm start`'s .data/): stopped on dispose, never deleted. */
  readonly keepDir?: boolean;
}

/** What every private server offers a test, whatever it runs. */
export interface PrivateServer {
  readonly port: number;
  /** The server's private folder (data, logs, config); removed by dispose() unless it is a persistent dataDir. */
  readonly dir: string;
  /** The server's own log, for a test that wants to show it. */
  readonly logFile: string;
  /** Graceful shutdown; resolves once the port is closed. */
  stop(): Promise<void>;
  /** SIGKILL, an abrupt crash; resolves once the port is closed. */
  kill(): Promise<void>;
  /** Starts again on the same port and data; resolves once the server answers its protocol. */
  start(): Promise<void>;
  /** Stops if running and removes the private folder. */
  dispose(): Promise<void>;
}

export interface PrivateServerOptions {
  /** Readable part of the folder (and node) name, e.g. the test file's subject. */
  name?: string;
  startTimeoutMs?: number;
  /** Keep the data in this folder across runs instead of a temp folder (`npm start`'s .data/). */
  dataDir?: string;
}

const START_ATTEMPTS = 3;

/**
 * Creates and starts a server on fresh free ports; a port taken between choosing and binding it
 * is retried on new ones, anything else fails at once. A failed attempt is disposed.
 */
export async function startOnFreePorts<S extends PrivateServer>(
  portCount: number,
  create: (ports: number[]) => Promise<S> | S,
  prepare: (server: S) => Promise<void> = async () => undefined,
): Promise<S> {
  for (let attempt = 1; ; attempt++) {
    const server = await create(await findFreePorts(portCount));
    try {
      await prepare(server);
      await server.start();
      return server;
    } catch (error) {
      await server.dispose().catch(() => undefined);
      if (!(error instanceof ServerStartError && error.addressInUse) || attempt === START_ATTEMPTS)
        throw error;
    }
  }
}

export class ServerStartError extends Error {
  constructor(
    message: string,
    /** The port was taken between choosing and binding it: worth retrying on fresh ports. */
    readonly addressInUse: boolean,
  ) {
    super(message);
    this.name = 'ServerStartError';
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** True if `promise` settles within `ms`; the timer is cleared so it never keeps the process alive. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One private server process: start, graceful stop, crash (SIGKILL), restart on the same port
 * and data, dispose. Operations are serialised so a test that stops while a start is still
 * in flight gets a well-defined order instead of two processes on one data dir.
 */
export class ManagedServer {
  private leader: GroupLeader | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;
  private readonly forgetExitCleanup: () => void;

  constructor(private readonly spec: ServerSpec) {
    this.forgetExitCleanup = onProcessExit(() => {
      if (this.leader && this.isRunning()) signalGroup(this.leader.pid, 'SIGKILL');
      if (!spec.keepDir) rmSync(spec.dir, { recursive: true, force: true });
    });
  }

  start(): Promise<void> {
    return this.serialised(() => this.doStart());
  }

  stop(): Promise<void> {
    return this.serialised(() => this.doStop());
  }

  kill(): Promise<void> {
    return this.serialised(() => this.doKill());
  }

  dispose(): Promise<void> {
    return this.serialised(async () => {
      if (this.disposed) return;
      try {
        await this.doStop().catch(() => this.doKill());
      } finally {
        this.disposed = true;
        this.forgetExitCleanup();
        if (!this.spec.keepDir) rmSync(this.spec.dir, { recursive: true, force: true });
      }
    });
  }

  private isRunning(): boolean {
    return this.leader !== undefined && !this.leader.hasExited();
  }

  private serialised(operation: () => Promise<void>): Promise<void> {
    const result = this.queue.then(operation);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async doStart(): Promise<void> {
    if (this.disposed) throw new Error(`${this.spec.label} was disposed and cannot start again`);
    if (this.isRunning()) return;
    const { spec } = this;
    const leader = spawnGroup(spec.command, spec.args, {
      env: spec.env,
      cwd: spec.dir,
      logFile: spec.outputFile,
    });
    this.leader = leader;
    if (leader.pid > 0) writeOwner(spec.dir, leader.pid);
    const deadline = Date.now() + spec.startTimeoutMs;
    for (;;) {
      if (leader.hasExited()) {
        const code = await leader.waitForExit();
        await this.killGroup(leader);
        throw this.startFailure(
          `exited (code ${code}) before accepting connections on port ${spec.port}`,
        );
      }
      if (await spec.isReady().catch(() => false)) return;
      if (Date.now() > deadline) {
        await this.killGroup(leader);
        throw this.startFailure(
          `did not accept connections on port ${spec.port} within ${spec.startTimeoutMs} ms`,
        );
      }
      await sleep(100);
    }
  }

  private startFailure(what: string): ServerStartError {
    const { spec } = this;
    return new ServerStartError(
      `${spec.label} ${what} (command: ${spec.command} ${spec.args.join(' ')}).\n${tailOfLogs(spec.logFiles)}`,
      logsSayAddressInUse(spec.logFiles),
    );
  }

  private async doStop(): Promise<void> {
    const leader = this.leader;
    // Never started, or exited on its own: only leftovers of its group could remain.
    if (!leader || !this.isRunning()) return this.doKill();
    const { spec } = this;
    await spec.requestShutdown(leader);
    const exitedInTime = await settlesWithin(leader.waitForExit(), spec.stopTimeoutMs);
    if (!exitedInTime) {
      // A hung shutdown would hang the whole test run: crash it instead, and say so.
      await this.doKill();
      throw new Error(
        `${spec.label} did not shut down within ${spec.stopTimeoutMs} ms and was killed.\n${tailOfLogs(spec.logFiles)}`,
      );
    }
    // The script can exit while a child it forked lingers; that child must not hold the port.
    await this.killGroup(leader);
    await this.awaitReleased();
  }

  private async doKill(): Promise<void> {
    if (!this.leader) return;
    const wasRunning = this.isRunning();
    await this.killGroup(this.leader);
    // Only a server that was up holds the port; after a failed start it may be someone else's.
    if (wasRunning) await this.awaitReleased();
  }

  /** SIGKILL to every process of the server, then waits until the kernel has reaped them all. */
  private async killGroup(leader: GroupLeader): Promise<void> {
    if (leader.pid <= 0) return;
    if (!leader.hasExited() || processGroupMembers(leader.pid).length > 0)
      signalGroup(leader.pid, 'SIGKILL');
    await leader.waitForExit();
    // The group leader can be reaped before its children: wait for the whole group.
    await waitFor(
      `the processes of ${this.spec.label} to exit`,
      () => processGroupMembers(leader.pid).length === 0,
      {
        timeoutMs: 10_000,
        intervalMs: 50,
      },
    );
  }

  private async awaitReleased(): Promise<void> {
    const { spec } = this;
    await waitFor(`port ${spec.port} of ${spec.label} to close`, () => isPortClosed(spec.port), {
      timeoutMs: 10_000,
      intervalMs: 50,
    });
    await spec.awaitReleased?.();
    if (!this.disposed) writeOwner(spec.dir, null);
  }
}

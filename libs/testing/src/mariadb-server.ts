import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findExecutable } from './find-binary.js';
import { findFreePorts } from './free-port.js';
import { createServerDir, sweepStaleServers, usePersistentDir } from './harness-dir.js';
import { ManagedServer, ServerStartError } from './managed-server.js';
import { signalLeader } from './process-group.js';
import { mysqlAnswers } from './tcp-probe.js';

const execFileAsync = promisify(execFile);

export interface MariaDbServer {
  /** mysql://root@127.0.0.1:<port> (root, empty password, TCP only) */
  readonly adminUrl: string;
  readonly port: number;
  /** The server's private folder (data dir, socket, logs); removed by dispose(). */
  readonly dir: string;
  /** The server's error log, for a test that wants to show it. */
  readonly logFile: string;
  /** Graceful shutdown; resolves once the port is closed. */
  stop(): Promise<void>;
  /** SIGKILL to mariadbd, an abrupt crash; resolves once the port is closed. */
  kill(): Promise<void>;
  /** Starts again on the same port and data dir (committed rows survive, InnoDB recovers); resolves once it answers. */
  start(): Promise<void>;
  /** Stops if running and removes the private folder. */
  dispose(): Promise<void>;
}

export interface StartMariaDbOptions {
  /** Readable part of the folder name, e.g. the test file's subject. */
  name?: string;
  /** Default 60 s (a start takes ~1 s, crash recovery a little more). */
  startTimeoutMs?: number;
  /** Keep the data in this folder across runs instead of a temp folder (initialised on first use). */
  dataDir?: string;
}

const ATTEMPTS = 3;
const MARIADB_PACKAGE = 'mariadb-server';

/** Starts a private MariaDB (or MySQL-compatible mariadbd/mysqld) server on a free loopback port, data under a temp folder. */
export async function startMariaDb(options: StartMariaDbOptions = {}): Promise<MariaDbServer> {
  sweepStaleServers();
  const server = findExecutable(['mariadbd', 'mysqld'], MARIADB_PACKAGE);
  const installDb = findExecutable(['mariadb-install-db', 'mysql_install_db'], MARIADB_PACKAGE);
  for (let attempt = 1; ; attempt++) {
    const [port] = (await findFreePorts(1)) as [number];
    const dir = options.dataDir ? usePersistentDir(options.dataDir) : createServerDir('mariadb', options.name ?? 'mariadb');
    const mariaDb = createMariaDb(server, dir, port, options);
    try {
      if (!existsSync(join(dir, 'data', 'mysql'))) await initialiseDataDir(installDb, join(dir, 'data'));
      await mariaDb.start();
      return mariaDb;
    } catch (error) {
      await mariaDb.dispose().catch(() => undefined);
      if (!(error instanceof ServerStartError && error.addressInUse) || attempt === ATTEMPTS) throw error;
    }
  }
}

async function initialiseDataDir(installDb: string, dataDir: string): Promise<void> {
  try {
    // normal: root gets an empty password usable over TCP, instead of unix_socket auth bound to the OS user.
    await execFileAsync(
      installDb,
      ['--no-defaults', `--datadir=${dataDir}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...runAsSelf()],
      { timeout: 60_000 },
    );
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${installDb} failed to create a data dir in ${dataDir}:\n${stdout}${stderr}`, { cause: error });
  }
}

/** mariadbd refuses to run as root unless told to; as anyone else --user is not needed. */
function runAsSelf(): string[] {
  return process.getuid?.() === 0 ? ['--user=root'] : [];
}

function createMariaDb(serverBinary: string, dir: string, port: number, options: StartMariaDbOptions): MariaDbServer {
  const logFile = join(dir, 'error.log');
  const outputFile = join(dir, 'mariadbd.out');
  const args = [
    // Nothing from /etc/mysql: the machine's own server config must not leak in.
    '--no-defaults',
    `--datadir=${join(dir, 'data')}`,
    `--port=${port}`,
    `--socket=${join(dir, 'mariadb.sock')}`,
    `--pid-file=${join(dir, 'mariadb.pid')}`,
    `--log-error=${logFile}`,
    '--bind-address=127.0.0.1',
    // Grants are for '%' and 127.0.0.1; reverse DNS would only add latency.
    '--skip-name-resolve',
    // What the services' schemas assume; the built-in default is still latin1.
    '--character-set-server=utf8mb4',
    '--collation-server=utf8mb4_unicode_ci',
    // Many test workers, each with a pool, share one server.
    '--max-connections=500',
    // Durability settings (innodb_flush_log_at_trx_commit, doublewrite) stay at their safe defaults:
    // crash tests rely on a committed row surviving SIGKILL.
    ...runAsSelf(),
  ];
  const managed = new ManagedServer({
    label: `MariaDB on port ${port}`,
    dir,
    port,
    command: serverBinary,
    args,
    env: process.env,
    outputFile,
    logFiles: [outputFile, logFile],
    startTimeoutMs: options.startTimeoutMs ?? 60_000,
    stopTimeoutMs: 60_000,
    isReady: () => mysqlAnswers(port),
    // SIGTERM is mariadbd's documented clean shutdown (the same as SHUTDOWN from a client).
    requestShutdown: async (leader) => signalLeader(leader, 'SIGTERM'),
    keepDir: options.dataDir !== undefined,
  });
  return {
    adminUrl: `mysql://root@127.0.0.1:${port}`,
    port,
    dir,
    logFile,
    start: () => managed.start(),
    stop: () => managed.stop(),
    kill: () => managed.kill(),
    dispose: () => managed.dispose(),
  };
}

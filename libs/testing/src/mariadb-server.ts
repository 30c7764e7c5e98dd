import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findExecutable } from './find-binary.js';
import { createServerDir, sweepStaleServers, usePersistentDir } from './harness-dir.js';
import {
  ManagedServer,
  startOnFreePorts,
  type PrivateServer,
  type PrivateServerOptions,
} from './managed-server.js';
import { signalLeader } from './process-group.js';
import { mysqlAnswers } from './tcp-probe.js';

const execFileAsync = promisify(execFile);

export interface MariaDbServer extends PrivateServer {
  /** mysql://root@127.0.0.1:<port> (root, empty password, TCP only); committed rows survive a kill (InnoDB recovers). */
  readonly adminUrl: string;
}

/** startTimeoutMs defaults to 60 s (a start takes ~1 s, crash recovery a little more). */
export type StartMariaDbOptions = PrivateServerOptions;

const MARIADB_PACKAGE = 'mariadb-server';

/** Starts a private MariaDB (or MySQL-compatible mariadbd/mysqld) server on a free loopback port, data under a temp folder. */
export async function startMariaDb(options: StartMariaDbOptions = {}): Promise<MariaDbServer> {
  sweepStaleServers();
  const server = findExecutable(['mariadbd', 'mysqld'], MARIADB_PACKAGE);
  const installDb = findExecutable(['mariadb-install-db', 'mysql_install_db'], MARIADB_PACKAGE);
  return startOnFreePorts(
    1,
    ([port]) => {
      const dir = options.dataDir
        ? usePersistentDir(options.dataDir)
        : createServerDir('mariadb', options.name ?? 'mariadb');
      return createMariaDb(server, dir, port as number, options);
    },
    async (mariaDb) => {
      if (!existsSync(join(mariaDb.dir, 'data', 'mysql')))
        await initialiseDataDir(installDb, join(mariaDb.dir, 'data'));
    },
  );
}

async function initialiseDataDir(installDb: string, dataDir: string): Promise<void> {
  try {
    // normal: root gets an empty password usable over TCP, instead of unix_socket auth bound to the OS user.
    await execFileAsync(
      installDb,
      [
        '--no-defaults',
        `--datadir=${dataDir}`,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
        ...runAsSelf(),
      ],
      { timeout: 60_000 },
    );
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${installDb} failed to create a data dir in ${dataDir}:\n${stdout}${stderr}`, {
      cause: error,
    });
  }
}

/** mariadbd refuses to run as root unless told to; as anyone else --user is not needed. */
function runAsSelf(): string[] {
  return process.getuid?.() === 0 ? ['--user=root'] : [];
}

function createMariaDb(
  serverBinary: string,
  dir: string,
  port: number,
  options: StartMariaDbOptions,
): MariaDbServer {
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

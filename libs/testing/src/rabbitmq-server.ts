import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { epmdNodeNames } from './epmd.js';
import { findRabbitMqSbin } from './find-binary.js';
import { createServerDir, sweepStaleServers, usePersistentDir } from './harness-dir.js';
import {
  ManagedServer,
  startOnFreePorts,
  type PrivateServer,
  type PrivateServerOptions,
} from './managed-server.js';
import { signalLeader } from './process-group.js';
import { amqpAnswers } from './tcp-probe.js';
import { uniqueName } from './unique-name.js';
import { waitFor } from './wait-for.js';

export interface RabbitMqServer extends PrivateServer {
  /** amqp://guest:guest@127.0.0.1:<port>; durable queues and persistent messages survive stop and start. */
  readonly url: string;
  readonly nodeName: string;
}

/** startTimeoutMs defaults to 90 s: a first boot takes ~8 s alone, much longer on a loaded CI machine. */
export type StartRabbitMqOptions = PrivateServerOptions;

/** Starts a private RabbitMQ node on free loopback ports, with its data under a temp folder. */
export async function startRabbitMq(options: StartRabbitMqOptions = {}): Promise<RabbitMqServer> {
  sweepStaleServers();
  const sbin = findRabbitMqSbin();
  return startOnFreePorts(2, ([port, distPort]) =>
    createRabbitMq(sbin, port as number, distPort as number, options),
  );
}

function createRabbitMq(
  sbin: string,
  port: number,
  distPort: number,
  options: StartRabbitMqOptions,
): RabbitMqServer {
  const name = options.name ?? 'rabbitmq';
  const dir = options.dataDir
    ? usePersistentDir(options.dataDir)
    : createServerDir('rabbitmq', name);
  // Mnesia data belongs to a node name: a persistent node keeps its name from run to run.
  // The folder's hash keeps the name stable for one folder and distinct between two (npm start and
  // the browser tests' stack may run side by side: epmd refuses a duplicate node name).
  const shortName = options.dataDir
    ? `podlab-${name}-${createHash('sha256').update(resolve(options.dataDir)).digest('hex').slice(0, 8)}`
    : uniqueName(`podlab_${name}`).replace(/_/g, '-');
  const nodeName = `${shortName}@localhost`;
  const paths = writeNodeFiles(dir, port);
  const env = nodeEnvironment(dir, paths, nodeName, port, distPort);
  const logFile = join(paths.logBase, `${nodeName}.log`);
  const outputFile = join(dir, 'rabbitmq-server.out');

  const managed = new ManagedServer({
    label: `RabbitMQ node ${nodeName}`,
    dir,
    port,
    command: join(sbin, 'rabbitmq-server'),
    args: [],
    env,
    outputFile,
    logFiles: [outputFile, logFile],
    startTimeoutMs: options.startTimeoutMs ?? 90_000,
    stopTimeoutMs: 60_000,
    isReady: () => amqpAnswers(port),
    // The script traps SIGTERM, forwards it to the VM and waits; RabbitMQ treats SIGTERM as a
    // clean shutdown (it closes the message stores). Twice as fast as `rabbitmqctl shutdown`,
    // which first boots an Erlang VM of its own.
    requestShutdown: async (leader) => signalLeader(leader, 'SIGTERM'),
    // A crashed node's name stays registered with epmd for a moment; reusing it then fails the restart.
    awaitReleased: async () => {
      await waitFor(
        `epmd to forget node ${shortName}`,
        async () => !(await epmdNodeNames()).includes(shortName),
        {
          timeoutMs: 10_000,
          intervalMs: 50,
        },
      );
    },
    keepDir: options.dataDir !== undefined,
  });

  return {
    url: `amqp://guest:guest@127.0.0.1:${port}`,
    port,
    nodeName,
    dir,
    logFile,
    start: () => managed.start(),
    stop: () => managed.stop(),
    kill: () => managed.kill(),
    dispose: () => managed.dispose(),
  };
}

interface NodePaths {
  home: string;
  mnesiaBase: string;
  logBase: string;
  configFile: string;
  envFile: string;
  pluginsFile: string;
  pidFile: string;
}

function writeNodeFiles(dir: string, port: number): NodePaths {
  const paths: NodePaths = {
    home: join(dir, 'home'),
    mnesiaBase: join(dir, 'mnesia'),
    logBase: join(dir, 'log'),
    configFile: join(dir, 'rabbitmq.conf'),
    envFile: join(dir, 'rabbitmq-env.conf'),
    pluginsFile: join(dir, 'enabled_plugins'),
    pidFile: join(dir, 'rabbitmq.pid'),
  };
  for (const folder of [paths.home, paths.mnesiaBase, paths.logBase])
    mkdirSync(folder, { recursive: true });
  writeFileSync(
    paths.configFile,
    [
      `# Private test node on port ${port}, written by @podlab/testing.`,
      '# Tests log in as guest, which RabbitMQ only allows from loopback: the node listens on 127.0.0.1 only.',
      'loopback_users.guest = true',
      '',
    ].join('\n'),
  );
  // Replaces /etc/rabbitmq/rabbitmq-env.conf, which would rename the node to the machine's own.
  writeFileSync(
    paths.envFile,
    '# Intentionally empty: the private node takes all its settings from the environment.\n',
  );
  // No plugins: nothing to wait for at boot, and no management port to allocate.
  writeFileSync(paths.pluginsFile, '[].\n');
  return paths;
}

function nodeEnvironment(
  dir: string,
  paths: NodePaths,
  nodeName: string,
  port: number,
  distPort: number,
): NodeJS.ProcessEnv {
  // A developer's own RABBITMQ_*/ERL_* settings would leak into the private node.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(RABBITMQ_|ERL_)/.test(key)),
  );
  return {
    ...inherited,
    HOME: paths.home,
    RABBITMQ_NODENAME: nodeName,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_MNESIA_BASE: paths.mnesiaBase,
    RABBITMQ_LOG_BASE: paths.logBase,
    RABBITMQ_CONFIG_FILE: paths.configFile,
    RABBITMQ_ADVANCED_CONFIG_FILE: join(dir, 'advanced.config'),
    RABBITMQ_CONF_ENV_FILE: paths.envFile,
    RABBITMQ_ENABLED_PLUGINS_FILE: paths.pluginsFile,
    RABBITMQ_PID_FILE: paths.pidFile,
    // Erlang distribution (and an epmd the node may have to start) on loopback only.
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
    ERL_EPMD_ADDRESS: '127.0.0.1',
  };
}

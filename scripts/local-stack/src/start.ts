import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { services } from '@podlab/catalog';
import { findFreePorts, processStartTime } from '@podlab/testing';
import { devSigningKey } from './dev-signing-key.js';
import { claimDataDir } from './claim-data-dir.js';
import { createLocalRouter } from './local-router.js';
import { startInfrastructure, type Infrastructure } from './local-servers.js';
import { provisionDatabases } from './provision-databases.js';
import { readSecurityHeaders } from './security-headers.js';
import { ServiceInstance } from './service-processes.js';
import { serviceEnv, type LocalStack } from './service-env.js';
import { removeStackRecord, writeStackRecord, type StackRecord } from './stack-record.js';
import { startWatchdog } from './watchdog.js';

// Run from the repository root by scripts/start.ts, after the build.
const root = resolve(process.cwd());
// PODLAB_DATA_DIR lets the browser tests run a whole stack of their own in a temp folder.
const dataDir = resolve(process.env.PODLAB_DATA_DIR ?? join(root, '.data'));
const port = Number(process.env.PORT ?? 8080);
const log = (line: string) => console.log(`[start] ${line}`);
// A closed terminal makes every write fail (EIO): the stop that follows must still run to the end.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);

const instances: ServiceInstance[] = [];
let infrastructure: Infrastructure | undefined;
let router: Server | undefined;
let stopping: Promise<never> | undefined;
/** The broker and database while they start: a stop waits for them, so it can stop them too. */
let infrastructureStarting: Promise<unknown> = Promise.resolve();
/** Only this run's own record is removed on stop; an earlier run's stays until its leftovers are stopped. */
let recorded = false;

/** Stops what has started, in order: the router, the services (drained), the broker and database. */
function stopAll(code: number, why: string): Promise<never> {
  stopping ??= (async () => {
    log(`stopping (${why}): draining services (SIGTERM), then the broker and database`);
    // A server still starting finishes first: then it can be stopped too.
    await infrastructureStarting.catch(() => undefined);
    router?.close();
    router?.closeAllConnections();
    const codes = await Promise.all(instances.map((instance) => instance.stop()));
    await infrastructure?.stop().catch((error: unknown) => log(`${(error as Error).message}`));
    if (recorded) removeStackRecord(dataDir);
    const unclean = instances.filter((_, i) => codes[i] !== 0).map((instance) => instance.pod);
    log(unclean.length ? `stopped; not clean: ${unclean.join(', ')}` : 'stopped cleanly');
    process.exit(code);
  })();
  return stopping;
}

let interrupts = 0;
process.on('SIGINT', () => {
  // Ctrl-C twice: the user does not want to wait for the drain. The exit hooks kill the broker
  // and database, the watchdog the services.
  if (++interrupts > 1) {
    log('stopping at once (second Ctrl-C)');
    process.exit(130);
  }
  void stopAll(0, 'SIGINT');
});
process.on('SIGTERM', () => void stopAll(0, 'SIGTERM'));
// A closed terminal: stop as for Ctrl-C rather than die and orphan everything.
process.on('SIGHUP', () => void stopAll(0, 'SIGHUP'));
// scripts/start.ts holds an IPC channel to us: when it closes, npm start is gone.
if (process.channel) {
  process.channel.unref();
  process.on('disconnect', () => void stopAll(1, 'npm start ended'));
}
process.on('uncaughtException', (error) => {
  console.error(`[start] ${error.stack ?? error.message}`);
  void stopAll(1, 'unexpected error');
});

const startup = (async () => {
  mkdirSync(dataDir, { recursive: true });
  await claimDataDir(dataDir, log);
  const record: StackRecord = {
    pid: process.pid,
    startTime: processStartTime(process.pid),
    watchdog: startWatchdog('stack-watchdog.js', dataDir),
    services: {},
  };
  writeStackRecord(dataDir, record);
  recorded = true;
  if (stopping) return;

  const starting = startInfrastructure(dataDir, log);
  infrastructureStarting = starting;
  infrastructure = await starting;
  if (stopping) return;
  log('creating each service’s schema and user');
  const mysqlUrls = await provisionDatabases(infrastructure.mysqlAdminUrl, services, dataDir);
  const total = services.reduce((n, s) => n + s.instances, 0);
  const ports = await findFreePorts(total);
  const portsOf = new Map(services.map((s) => [s.name, ports.splice(0, s.instances)]));
  let signingKey: Record<string, string> | undefined;
  const stack: LocalStack = {
    urlOf(name) {
      const first = portsOf.get(name)?.[0];
      if (first === undefined)
        throw new Error(`no service "${name}" in the catalog (libs/catalog)`);
      return `http://127.0.0.1:${first}`;
    },
    signingKey: () => (signingKey ??= devSigningKey(dataDir, log)),
    tracing: Boolean(
      process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
    ),
  };
  const recordSpawn = (pod: string, pid: number | undefined) => {
    if (pid === undefined) return;
    record.services[pod] = pid;
    writeStackRecord(dataDir, record);
  };
  for (const service of services) {
    // The same for every instance, as a Deployment's pod template is: each gets its own PORT
    // and POD_NAME on top.
    const env: Record<string, string> = {
      AMQP_URL: infrastructure.amqpUrl,
      LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty',
      // Only the router is for other machines; a service reached directly would dodge it
      // (auth trusts X-Forwarded-For from loopback, where the router is).
      HOST: '127.0.0.1',
      // Marks the process as this stack's, so a later cleanup can tell it from a reused pid.
      PODLAB_STACK_DIR: dataDir,
      ...serviceEnv(service, stack),
    };
    const mysqlUrl = mysqlUrls.get(service.name);
    if (mysqlUrl) env.MYSQL_URL = mysqlUrl;
    const script = join(root, 'services', service.name, 'dist', 'main.js');
    const servicePorts = portsOf.get(service.name) ?? [];
    for (let i = 1; i <= service.instances; i++) {
      const spec = {
        service: service.name,
        pod: `${service.name}-${i}`,
        port: servicePorts[i - 1] as number,
        script,
        env,
      };
      instances.push(new ServiceInstance(spec, log, recordSpawn));
    }
  }
  log(`starting ${instances.map((i) => i.pod).join(', ')}`);
  for (const instance of instances) instance.start();
  await Promise.all(instances.map((instance) => instance.waitReady()));
  if (stopping) return;

  router = createLocalRouter(instances, {
    services,
    staticDir: join(root, 'frontend', 'dist'),
    securityHeaders: readSecurityHeaders(join(root, 'docker', 'frontend', 'security-headers.conf')),
  });
  router.listen(port);
  await once(router, 'listening');
  log(
    `podlab is running: http://localhost:${port}  (public APIs under /api/<service>; Ctrl-C stops everything)`,
  );
})();

startup.catch((error: unknown) => {
  // Stopping mid-start makes the steps in flight fail: that is the stop, not a failure.
  if (stopping) return;
  console.error(`[start] failed: ${(error as Error).message}`);
  void stopAll(1, 'the start failed');
});

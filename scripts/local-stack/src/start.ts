import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findFreePorts } from '@podlab/testing';
import { createLocalRouter } from './local-router.js';
import { startInfrastructure } from './local-servers.js';
import { provisionDatabases } from './provision-databases.js';
import { readSecurityHeaders } from './security-headers.js';
import {
  spawnInstance,
  stopInstance,
  waitReady,
  type ServiceInstance,
} from './service-processes.js';
import { localServices, type LocalStack } from './services.js';
import { devSigningKey } from './dev-signing-key.js';

// Run from the repository root by scripts/start.mjs, after the build.
const root = resolve(process.cwd());
// PODLAB_DATA_DIR lets the browser tests run a whole stack of their own in a temp folder.
const dataDir = resolve(process.env.PODLAB_DATA_DIR ?? join(root, '.data'));
const port = Number(process.env.PORT ?? 8080);
const log = (line: string) => console.log(`[start] ${line}`);

mkdirSync(dataDir, { recursive: true });
const infrastructure = await startInfrastructure(dataDir, log);
const instances: ServiceInstance[] = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (stopping) return new Promise(() => undefined);
  stopping = true;
  log('stopping: draining services (SIGTERM), then the broker and database');
  const codes = await Promise.all(instances.map((instance) => stopInstance(instance)));
  await infrastructure.stop();
  const unclean = instances.filter((_, i) => codes[i] !== 0).map((instance) => instance.pod);
  log(unclean.length ? `stopped; not clean: ${unclean.join(', ')}` : 'stopped cleanly');
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  log('creating each service’s schema and user');
  const mysqlUrls = await provisionDatabases(infrastructure.mysqlAdminUrl, localServices, dataDir);
  const total = localServices.reduce((n, s) => n + s.instances, 0);
  const ports = await findFreePorts(total);
  const portsOf = new Map(localServices.map((s) => [s.name, ports.splice(0, s.instances)]));
  let signingKey: Record<string, string> | undefined;
  const stack: LocalStack = {
    urlOf(name) {
      const first = portsOf.get(name)?.[0];
      if (first === undefined) throw new Error(`no service "${name}" in services.ts`);
      return `http://127.0.0.1:${first}`;
    },
    signingKey: () => (signingKey ??= devSigningKey(dataDir, log)),
  };
  for (const service of localServices) {
    const serviceEnv = typeof service.env === 'function' ? service.env(stack) : service.env;
    const servicePorts = portsOf.get(service.name) ?? [];
    for (let i = 1; i <= service.instances; i++) {
      const env: Record<string, string> = {
        AMQP_URL: infrastructure.amqpUrl,
        LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty',
        // Only the router is for other machines; a service reached directly would dodge it
        // (auth trusts X-Forwarded-For from loopback, where the router is).
        HOST: '127.0.0.1',
        ...serviceEnv,
      };
      const mysqlUrl = mysqlUrls.get(service.name);
      if (mysqlUrl) env.MYSQL_URL = mysqlUrl;
      instances.push(
        spawnInstance(root, service.name, `${service.name}-${i}`, servicePorts[i - 1], env),
      );
    }
  }
  log(`starting ${instances.map((i) => i.pod).join(', ')}`);
  await Promise.all(instances.map((instance) => waitReady(instance)));

  const router = createLocalRouter(
    instances.map(({ service, pod, port: backendPort }) => ({
      service,
      pod,
      port: backendPort,
      ready: () => true,
    })),
    {
      staticDir: join(root, 'frontend', 'dist'),
      securityHeaders: readSecurityHeaders(
        join(root, 'docker', 'frontend', 'security-headers.conf'),
      ),
    },
  );
  router.listen(port);
  await once(router, 'listening');
  log(
    `podlab is running: http://localhost:${port}  (APIs under /api/<service>; Ctrl-C stops everything)`,
  );
  for (const instance of instances) {
    instance.child.on('exit', (code) => {
      if (!stopping) log(`${instance.pod} exited unexpectedly (code ${code}); stopping`);
      if (!stopping) void stopAll(1);
    });
  }
} catch (error) {
  console.error(`[start] failed: ${(error as Error).message}`);
  await stopAll(1);
}

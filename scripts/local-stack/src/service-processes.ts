import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

export interface ServiceInstance {
  service: string;
  pod: string;
  port: number;
  child: ChildProcess;
}

/** Runs one instance of a built service (its dist/main.js) with the given environment; its logs go to our stdout. */
export function spawnInstance(
  root: string,
  service: string,
  pod: string,
  port: number,
  env: Record<string, string>,
): ServiceInstance {
  const child = spawn(
    process.execPath,
    ['--enable-source-maps', join(root, 'services', service, 'dist', 'main.js')],
    {
      env: { ...process.env, ...env, PORT: String(port), POD_NAME: pod },
      // Own process group: Ctrl-C reaches the stack, which then stops the services in order.
      detached: true,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  return { service, pod, port, child };
}

/** Polls /readyz until the instance is ready; fails early if it exits. */
export async function waitReady(instance: ServiceInstance, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (instance.child.exitCode !== null)
      throw new Error(`${instance.pod} exited with code ${instance.child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${instance.port}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${instance.pod} was not ready after ${timeoutMs / 1000} s`);
}

/** SIGTERM, as Kubernetes sends it, then wait for the drain; SIGKILL only past the grace period. */
export async function stopInstance(
  instance: ServiceInstance,
  graceMs = 30_000,
): Promise<number | null> {
  if (instance.child.exitCode !== null) return instance.child.exitCode;
  const exited = once(instance.child, 'exit');
  instance.child.kill('SIGTERM');
  const timer = setTimeout(() => instance.child.kill('SIGKILL'), graceMs);
  const [code] = await exited;
  clearTimeout(timer);
  return code as number | null;
}

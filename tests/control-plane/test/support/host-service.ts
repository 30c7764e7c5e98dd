import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

/** Where a pod finds its service-account token, namespace and CA (the kit reads exactly this path). */
const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface HostService {
  url: string;
  child: ChildProcess;
  /** Every log line so far (JSON lines), for assertions and failure messages. */
  logs: string[];
  exited: Promise<number | null>;
}

const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Runs a service's built bundle on the host as a pod would run it: in a mount namespace of its
 * own where `serviceAccountDir` (token, namespace, ca.crt) is mounted at the path the kubelet
 * uses, so the service takes the same in-cluster path as in a pod and nothing on the host
 * changes. Needs root (unshare --mount), as CI and the developers' machines have.
 */
export async function spawnWithServiceAccount(
  name: 'consumer' | 'producer',
  env: Record<string, string>,
  serviceAccountDir?: string,
): Promise<HostService> {
  const root = dirname(fileURLToPath(import.meta.resolve(`@podlab/${name}/package.json`)));
  const main = join(root, 'dist/main.js');
  const node = [process.execPath, '--enable-source-maps', main];
  const [command, args] = serviceAccountDir
    ? [
        'unshare',
        [
          '--mount',
          '--propagation',
          'private',
          'sh',
          '-ec',
          // A private /run (so nothing is created on the host), the folder mounted where a pod has it.
          `mount -t tmpfs tmpfs /run && mkdir -p ${SERVICE_ACCOUNT_DIR} && mount --bind "$0" ${SERVICE_ACCOUNT_DIR} && exec "$@"`,
          serviceAccountDir,
          ...node,
        ],
      ]
    : [node[0] as string, node.slice(1)];
  const child = spawn(command as string, args as string[], {
    env: { PATH: process.env.PATH, PORT: '0', LOG_FORMAT: 'json', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const logs: string[] = [];
  const exited = once(child, 'exit').then(([code]) => {
    running.delete(child);
    return code as number | null;
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        logs.push(line);
        const match = /"port":(\d+).*"msg":"\w+ listening"/.exec(line);
        if (match) resolve(Number(match[1]));
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    void exited.then((code) =>
      reject(new Error(`${name} exited with ${code} before listening:\n${logs.join('\n')}`)),
    );
  });
  return { url: `http://127.0.0.1:${port}`, child, logs, exited };
}

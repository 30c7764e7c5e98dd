import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { ServiceName } from './service-process.js';

const UNITS: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  K: 1e3,
  M: 1e6,
  G: 1e9,
};

/**
 * A service's container memory limit from its Deployment in k8s/: the bound its process must
 * stay under, or the kubelet would kill the pod.
 */
export function memoryLimitBytes(service: ServiceName): number {
  const file = new URL(`../../../../k8s/${service}/deployment.yaml`, import.meta.url);
  for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const manifest = document.toJS() as {
      kind?: string;
      spec?: {
        template?: {
          spec?: { containers?: { name: string; resources?: { limits?: { memory?: string } } }[] };
        };
      };
    };
    if (manifest.kind !== 'Deployment') continue;
    const container = manifest.spec?.template?.spec?.containers?.find((c) => c.name === service);
    const limit = container?.resources?.limits?.memory;
    const match = limit ? /^(\d+)([KMG]i?)?$/.exec(limit) : null;
    if (match) return Number(match[1]) * (match[2] ? UNITS[match[2]]! : 1);
  }
  throw new Error(
    `k8s/${service}/deployment.yaml has no memory limit for the ${service} container`,
  );
}

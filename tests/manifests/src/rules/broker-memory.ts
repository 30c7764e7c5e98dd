import { mebibytes } from '../footprint.js';
import { dataValue, findObject, workloads } from '../objects.js';
import { problem, type Problem, type Rule } from '../model.js';

const CONF_D = '/etc/rabbitmq/conf.d';
/** The watermark must leave RabbitMQ room for what it allocates past it (GC, binaries) inside the limit. */
export const MAX_WATERMARK_SHARE = 0.75;

/** `700MiB`, `1GB`, `734003200` → MiB, as RabbitMQ reads an information unit. */
export function rabbitBytes(value: string): number {
  const match = /^(\d+)\s*([a-zA-Z]*)$/.exec(value.trim());
  if (!match) return NaN;
  const n = Number(match[1]);
  const unit: Record<string, number> = {
    '': 1,
    k: 1024,
    kiB: 1024,
    KiB: 1024,
    kB: 1000,
    KB: 1000,
    m: 1024 ** 2,
    MiB: 1024 ** 2,
    MB: 1000 ** 2,
    g: 1024 ** 3,
    GiB: 1024 ** 3,
    GB: 1000 ** 3,
  };
  return unit[match[2]] === undefined ? NaN : (n * unit[match[2]]) / 1024 ** 2;
}

interface Mount {
  name: string;
  mountPath: string;
  subPath?: string;
}

/** RabbitMQ containers block publishers at an absolute watermark inside their memory limit, set by a conf.d drop-in. */
export const brokerMemoryRule: Rule = {
  id: 'broker-memory',
  title: `RabbitMQ has an absolute memory watermark below ${MAX_WATERMARK_SHARE * 100} % of its limit, in one conf.d file mounted with subPath`,
  check({ manifests }) {
    const problems: Problem[] = [];
    for (const w of workloads(manifests)) {
      for (const container of w.template.spec?.containers ?? []) {
        if (!/(^|\/)rabbitmq:/.test(container.image ?? '')) continue;
        const field = `${w.path}.spec.containers[${container.name}]`;
        const add = (sub: string, message: string) =>
          problems.push(problem(w.manifest, `${field}${sub}`, message));
        const mounts = ((container as { volumeMounts?: Mount[] }).volumeMounts ?? []).filter(
          (m) => m.mountPath === CONF_D || m.mountPath.startsWith(`${CONF_D}/`),
        );
        for (const m of mounts.filter((m) => m.mountPath === CONF_D || !m.subPath)) {
          add(
            `.volumeMounts[${m.name}]`,
            `${m.mountPath} without subPath hides the image's ${CONF_D}/10-defaults.conf (console logging, which the read-only root needs): mount one file with subPath`,
          );
        }
        let watermark: string | undefined;
        for (const m of mounts.filter((m) => m.subPath)) {
          const volume = (w.template.spec?.volumes ?? []).find((v) => v.name === m.name);
          const config =
            volume?.configMap &&
            findObject(manifests, w.manifest, 'ConfigMap', volume.configMap.name);
          const text = config ? dataValue(config.object, m.subPath as string) : undefined;
          watermark ??= /^\s*vm_memory_high_watermark\.absolute\s*=\s*(\S+)/m.exec(text ?? '')?.[1];
        }
        const limit = mebibytes(container.resources?.limits?.memory);
        if (!watermark) {
          add(
            '.volumeMounts',
            `no vm_memory_high_watermark.absolute in a ${CONF_D} drop-in: RabbitMQ blocks publishers at 60 % of the RAM it detects, which may be the node's, not the ${container.resources?.limits?.memory ?? 'missing'} limit, and is OOM-killed first`,
          );
        } else if (!(rabbitBytes(watermark) <= limit * MAX_WATERMARK_SHARE)) {
          add(
            '.resources.limits.memory',
            `vm_memory_high_watermark.absolute = ${watermark} is above ${MAX_WATERMARK_SHARE * 100} % of the ${container.resources?.limits?.memory} limit: the broker would be OOM-killed before it blocks publishers`,
          );
        }
      }
    }
    return problems;
  },
};

import { serviceWorkloads } from '../env.js';
import { problem, type Problem, type Rule } from '../model.js';

const DEFAULT_GRACE_SECONDS = 30;

/**
 * The kit's drain must fit the pod's grace period, or the kubelet's SIGKILL cuts in-flight
 * work; and it must wait a moment before closing, or requests still routed to the pod fail.
 */
export const gracefulShutdownRule: Rule = {
  id: 'graceful-shutdown',
  title:
    'SHUTDOWN_DELAY_MS is above 0 and SHUTDOWN_DELAY_MS + SHUTDOWN_TIMEOUT_MS fit in terminationGracePeriodSeconds',
  check({ manifests, configs }) {
    const problems: Problem[] = [];
    for (const { workload: w, config, field, env } of serviceWorkloads(manifests, configs)) {
      const value = (name: string): number | undefined => {
        const given = env.get(name)?.value;
        const fallback = config.keys.find((k) => k.name === name)?.defaultValue;
        const n = Number(given ?? fallback);
        return Number.isFinite(n) ? n : undefined;
      };
      const delay = value('SHUTDOWN_DELAY_MS');
      const timeout = value('SHUTDOWN_TIMEOUT_MS');
      if (delay === undefined || timeout === undefined) continue; // a service without the kit's lifecycle keys
      if (delay <= 0) {
        problems.push(
          problem(
            w.manifest,
            `${field}.env`,
            'SHUTDOWN_DELAY_MS is 0: on SIGTERM the pod stops listening before the endpoints drop it, and requests still routed to it fail (5000 is a good value)',
          ),
        );
      }
      const grace = w.template.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
      if (grace * 1000 <= delay + timeout) {
        problems.push(
          problem(
            w.manifest,
            `${w.path}.spec.terminationGracePeriodSeconds`,
            `${grace} s does not exceed SHUTDOWN_DELAY_MS + SHUTDOWN_TIMEOUT_MS = ${(delay + timeout) / 1000} s: the kubelet kills the pod before it has drained`,
          ),
        );
      }
    }
    return problems;
  },
};

import { containersOf, workloads } from '../objects.js';
import { problem, type Problem, type Rule } from '../model.js';

const REQUIRED_RESOURCES = [
  'requests.cpu',
  'requests.memory',
  'limits.cpu',
  'limits.memory',
] as const;

/** Probes, resources and a restricted securityContext on every container, init containers included. */
export const containersRule: Rule = {
  id: 'containers',
  title:
    'every container (init containers too) has requests and limits and a restricted securityContext; long-running ones have distinct liveness and readiness probes',
  check({ manifests }) {
    const problems: Problem[] = [];
    for (const w of workloads(manifests)) {
      const pod = w.template.spec?.securityContext ?? {};
      for (const { container, field, init } of containersOf(w)) {
        const add = (sub: string, message: string) =>
          problems.push(problem(w.manifest, `${field}.${sub}`, message));

        for (const path of REQUIRED_RESOURCES) {
          const [group, name] = path.split('.') as ['requests' | 'limits', string];
          if (container.resources?.[group]?.[name] === undefined) {
            add(
              `resources.${path}`,
              'missing: without it the scheduler cannot place the pod sensibly or one pod can starve its node',
            );
          }
        }

        const sc = container.securityContext ?? {};
        if (sc.allowPrivilegeEscalation !== false)
          add('securityContext.allowPrivilegeEscalation', 'must be false');
        if (sc.readOnlyRootFilesystem !== true)
          add(
            'securityContext.readOnlyRootFilesystem',
            'must be true (mount an emptyDir where the container writes, e.g. /tmp)',
          );
        if (!(sc.capabilities?.drop ?? []).includes('ALL'))
          add('securityContext.capabilities.drop', 'must include ALL');
        if ((sc.capabilities?.add ?? []).length > 0)
          add(
            'securityContext.capabilities.add',
            `adds ${sc.capabilities?.add?.join(', ')}: not allowed under Pod Security "restricted"`,
          );
        if (sc.privileged) add('securityContext.privileged', 'must not be true');
        if ((sc.runAsNonRoot ?? pod.runAsNonRoot) !== true)
          add(
            'securityContext.runAsNonRoot',
            `must be true here or in ${w.path}.spec.securityContext`,
          );
        if ((sc.runAsUser ?? pod.runAsUser) === 0)
          add('securityContext.runAsUser', 'must not be 0 (root)');
        if (!(sc.seccompProfile ?? pod.seccompProfile))
          add(
            'securityContext.seccompProfile',
            `missing here and in ${w.path}.spec.securityContext (use type: RuntimeDefault)`,
          );

        // Init containers run to completion, so probes do not apply to them (sidecars excepted).
        const longRunning = !init || container.restartPolicy === 'Always';
        if (!longRunning) continue;
        if (!container.livenessProbe)
          add('livenessProbe', 'missing: nothing restarts the container when it hangs');
        if (!container.readinessProbe)
          add(
            'readinessProbe',
            'missing: traffic reaches the pod before it can serve, and while it drains',
          );
        if (
          container.livenessProbe &&
          container.readinessProbe &&
          JSON.stringify(handler(container.livenessProbe)) ===
            JSON.stringify(handler(container.readinessProbe))
        ) {
          add(
            'readinessProbe',
            'checks the same thing as livenessProbe: liveness asks "is the process alive" (e.g. /healthz), readiness "can it serve now" (e.g. /readyz)',
          );
        }
      }
    }
    return problems;
  },
};

const handler = (probe: object) => {
  const { httpGet, tcpSocket, exec, grpc } = probe as Record<string, unknown>;
  return { httpGet, tcpSocket, exec, grpc };
};

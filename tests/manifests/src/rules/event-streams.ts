import { parse } from 'yaml';
import { getField } from '../objects.js';
import { problem, type Manifest, type Problem, type Rule } from '../model.js';

/** The Traefik arguments that lift the 60 s readTimeout (Traefik v2.11.2+, v3) on an entry point. */
export const TRAEFIK_NO_READ_TIMEOUT =
  '--entryPoints.web.transport.respondingTimeouts.readTimeout=0s';
const NGINX_MIN_READ_TIMEOUT = 3600;

/** Whether k3s's Traefik chart gets values that lift the web entry point's readTimeout. */
function traefikKeepsStreams(manifests: Manifest[]): boolean {
  const config = manifests.find(
    (m) =>
      m.object.kind === 'HelmChartConfig' &&
      m.object.metadata.name === 'traefik' &&
      m.object.metadata.namespace === 'kube-system',
  );
  if (!config) return false;
  let values: {
    additionalArguments?: string[];
    ports?: { web?: { transport?: { respondingTimeouts?: { readTimeout?: unknown } } } };
  } = {};
  try {
    values = parse(String(getField(config.object, 'spec', 'valuesContent') ?? '')) ?? {};
  } catch {
    return false;
  }
  const viaPorts = values.ports?.web?.transport?.respondingTimeouts?.readTimeout;
  return (
    (values.additionalArguments ?? []).includes(TRAEFIK_NO_READ_TIMEOUT) ||
    viaPorts === 0 ||
    viaPorts === '0s' ||
    viaPorts === '0'
  );
}

/** The ingress controller of each Ingress keeps server-sent event streams open. */
export const eventStreamsRule: Rule = {
  id: 'event-streams',
  title:
    "the Ingress controller keeps server-sent event streams open: nginx unbuffered with a long read timeout, Traefik's 60 s readTimeout lifted (k3s HelmChartConfig)",
  check({ manifests }) {
    const problems: Problem[] = [];
    for (const ingress of manifests.filter((m) => m.object.kind === 'Ingress')) {
      const className = getField(ingress.object, 'spec', 'ingressClassName');
      const annotations = ingress.object.metadata.annotations ?? {};
      if (className === 'traefik' && !traefikKeepsStreams(manifests)) {
        problems.push(
          problem(
            ingress,
            'spec.ingressClassName',
            `traefik ends every response after its entry point's readTimeout (60 s since v2.11.2 and v3), event streams included: add a HelmChartConfig kube-system/traefik with additionalArguments ${TRAEFIK_NO_READ_TIMEOUT}`,
          ),
        );
      }
      if (className === 'nginx') {
        if (annotations['nginx.ingress.kubernetes.io/proxy-buffering'] !== 'off')
          problems.push(
            problem(
              ingress,
              'metadata.annotations[nginx.ingress.kubernetes.io/proxy-buffering]',
              'must be "off": nginx would hold events back in its buffer',
            ),
          );
        const timeout = Number(annotations['nginx.ingress.kubernetes.io/proxy-read-timeout'] ?? 60);
        if (!(timeout >= NGINX_MIN_READ_TIMEOUT))
          problems.push(
            problem(
              ingress,
              'metadata.annotations[nginx.ingress.kubernetes.io/proxy-read-timeout]',
              `${timeout} s: nginx closes a stream idle that long; give at least ${NGINX_MIN_READ_TIMEOUT}`,
            ),
          );
      }
    }
    return problems;
  },
};

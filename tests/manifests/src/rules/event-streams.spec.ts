import { describe, expect, it } from 'vitest';
import { formatProblem } from '../model.js';
import { add, edit, validSystem } from '../testing/system.js';
import { eventStreamsRule } from './event-streams.js';

const run = (ctx: ReturnType<typeof validSystem>) => eventStreamsRule.check(ctx).map(formatProblem);
const traefik = () =>
  edit(validSystem(), 'Ingress', 'lab', (i) => (i.spec.ingressClassName = 'traefik'));
const helmConfig = (values: string) =>
  `apiVersion: helm.cattle.io/v1\nkind: HelmChartConfig\nmetadata: {name: traefik, namespace: kube-system}\nspec:\n  valuesContent: |-\n${values
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n')}\n`;

describe('event-streams', () => {
  it("when the Ingress is Traefik's and nothing lifts its readTimeout, then it says what to add", () => {
    expect(run(traefik())).toEqual([
      expect.stringMatching(
        /^fixture\/ingress.yaml: Ingress\/lab: spec.ingressClassName: traefik ends every response after .*HelmChartConfig kube-system\/traefik/,
      ),
    ]);
  });

  it('when a HelmChartConfig lifts it (arguments or port values), then there is no problem', () => {
    expect(
      run(
        add(
          traefik(),
          helmConfig(
            'additionalArguments:\n  - "--entryPoints.web.transport.respondingTimeouts.readTimeout=0s"',
          ),
        ),
      ),
    ).toEqual([]);
    expect(
      run(
        add(
          traefik(),
          helmConfig(
            'ports:\n  web:\n    transport:\n      respondingTimeouts:\n        readTimeout: 0',
          ),
        ),
      ),
    ).toEqual([]);
  });

  it('when nginx buffers or times out early, then each annotation is named', () => {
    const ctx = edit(validSystem(), 'Ingress', 'lab', (i) => (i.spec.ingressClassName = 'nginx'));
    expect(run(ctx)).toHaveLength(2);
    edit(
      ctx,
      'Ingress',
      'lab',
      (i) =>
        (i.metadata.annotations = {
          'nginx.ingress.kubernetes.io/proxy-buffering': 'off',
          'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600',
        }),
    );
    expect(run(ctx)).toEqual([]);
  });
});

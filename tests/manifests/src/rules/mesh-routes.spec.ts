import { describe, expect, it } from 'vitest';
import { formatProblem } from '../model.js';
import { edit, validSystem } from '../testing/system.js';
import { meshRoutesRule } from './mesh-routes.js';

const run = (ctx: ReturnType<typeof validSystem>) => meshRoutesRule.check(ctx).map(formatProblem);

describe('mesh-routes', () => {
  it('when weights do not add up to 100, then the route is named', () => {
    const ctx = edit(validSystem(), 'VirtualService', 'lab', (v) =>
      v.spec.http[0].route.push({ destination: { host: 'app', subset: 'v1' }, weight: 10 }),
    );
    expect(run(ctx)).toEqual([
      'fixture/virtualservice.yaml: VirtualService/lab: spec.http[app].route: weights add up to 110, not 100',
    ]);
  });

  it('when a route names a subset no DestinationRule defines, then it is reported', () => {
    const ctx = edit(
      validSystem(),
      'VirtualService',
      'lab',
      (v) => (v.spec.http[0].route[0].destination.subset = 'v2'),
    );
    expect(run(ctx)).toEqual([
      'fixture/virtualservice.yaml: VirtualService/lab: spec.http[app].route[0].destination.subset: no DestinationRule for app defines subset "v2"',
    ]);
  });

  it('when a subset labels no pod, or a host or gateway does not exist, then each is named', () => {
    const ctx = edit(
      validSystem(),
      'DestinationRule',
      'app',
      (r) => (r.spec.subsets[0].labels = { version: 'v9' }),
    );
    edit(ctx, 'VirtualService', 'lab', (v) => {
      v.spec.gateways = ['lab-gw'];
      v.spec.http.push({
        name: 'x',
        route: [{ destination: { host: 'nope.lab.svc.cluster.local' } }],
      });
    });
    expect(run(ctx)).toEqual([
      'fixture/destinationrule.yaml: DestinationRule/app: spec.subsets[v1].labels: no pod of Service/app carries {"version":"v9"}: traffic sent to subset v1 fails with 503',
      'fixture/virtualservice.yaml: VirtualService/lab: spec.gateways: no Gateway "lab-gw" in this namespace',
      'fixture/virtualservice.yaml: VirtualService/lab: spec.http[x].route[0].destination.host: no Service "nope.lab.svc.cluster.local"',
    ]);
  });
});

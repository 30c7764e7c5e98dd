import { describe, expect, it } from 'vitest';
import { formatProblem } from '../model.js';
import { edit, validSystem } from '../testing/system.js';
import { servicePortsRule } from './service-ports.js';

describe('service-ports', () => {
  it('when targetPort names a port no container has, then it lists the ports there are', () => {
    const ctx = edit(validSystem(), 'Service', 'app', (s) => (s.spec.ports[0].targetPort = 'web'));
    expect(servicePortsRule.check(ctx).map(formatProblem)).toEqual([
      'fixture/service.yaml: Service/app: spec.ports[http].targetPort: "web" is not a container port of Deployment/app (its ports: http (3000))',
    ]);
  });

  it('when targetPort is a number no container listens on, then it is reported', () => {
    const ctx = edit(validSystem(), 'Service', 'app', (s) => (s.spec.ports[0].targetPort = 8080));
    expect(servicePortsRule.check(ctx).map(formatProblem).join('\n')).toMatch(
      /targetPort: 8080 is not a container port of Deployment\/app/,
    );
  });

  it('when a port has no name, then it asks for one', () => {
    const ctx = edit(validSystem(), 'Service', 'db', (s) => delete s.spec.ports[0].name);
    expect(servicePortsRule.check(ctx).map(formatProblem)).toContain(
      'fixture/service.yaml: Service/db: spec.ports[3306].name: missing: name every port, so Ingresses, probes and policies can refer to it by name',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { formatProblem } from '../model.js';
import { edit, validSystem } from '../testing/system.js';
import { ingressBackendsRule } from './ingress-backends.js';

const backend = (i: {
  spec: {
    rules: { http: { paths: { backend: { service: { name: string; port: object } } }[] } }[];
  };
}) => i.spec.rules[0].http.paths[0].backend.service;

describe('ingress-backends', () => {
  it('when a backend names a Service that does not exist, then it names the path', () => {
    const ctx = edit(validSystem(), 'Ingress', 'lab', (i) => (backend(i).name = 'apps'));
    expect(ingressBackendsRule.check(ctx).map(formatProblem)).toEqual([
      'fixture/ingress.yaml: Ingress/lab: spec.rules[0].http.paths[/api/app].backend.service.name: no Service "apps" in this namespace',
    ]);
  });

  it('when a backend port is not a port of the Service, then it lists the Service ports', () => {
    const ctx = edit(validSystem(), 'Ingress', 'lab', (i) => (backend(i).port = { number: 3000 }));
    expect(ingressBackendsRule.check(ctx).map(formatProblem)).toEqual([
      'fixture/ingress.yaml: Ingress/lab: spec.rules[0].http.paths[/api/app].backend.service.port: Service/app has no port with number 3000 (it has http=80)',
    ]);
  });
});

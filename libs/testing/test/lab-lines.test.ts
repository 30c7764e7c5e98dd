import { describe, expect, it } from 'vitest';
import { commentedComponents, uncomment } from '../src/index.js';

const overlay = `resources:
  - ../../base
components:
  - ../dev-secrets
  # The labs: uncomment one or more.
  # - ../../components/autoscaling
  #   - ../../components/canary
  # - ../../components/service-mesh
patches:
  - path: ingress-class.yaml
`;

describe('lab lines', () => {
  it('when an overlay lists commented lab lines, then those are its components, in order', () => {
    expect(commentedComponents(overlay)).toEqual(['autoscaling', 'canary', 'service-mesh']);
  });

  it('when components are switched on, then exactly their lines lose the # and keep their place', () => {
    expect(uncomment(overlay, ['canary', 'service-mesh'])).toBe(
      overlay
        .replace('  #   - ../../components/canary', '  - ../../components/canary')
        .replace('  # - ../../components/service-mesh', '  - ../../components/service-mesh'),
    );
  });
});

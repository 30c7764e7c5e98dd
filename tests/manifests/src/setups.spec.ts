import { describe, expect, it } from 'vitest';
import { commentedComponents, subsets, uncomment } from './setups.js';

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

describe('learner set-ups', () => {
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

  it('when subsets are listed, then there are 2^n, each in the original order', () => {
    expect(subsets(['a', 'b', 'c'])).toEqual([
      [],
      ['a'],
      ['b'],
      ['a', 'b'],
      ['c'],
      ['a', 'c'],
      ['b', 'c'],
      ['a', 'b', 'c'],
    ]);
  });
});

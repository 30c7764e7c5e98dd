import { describe, expect, it } from 'vitest';
import { formatProblem } from '../model.js';
import { edit, validSystem } from '../testing/system.js';
import { apiFieldsRule } from './api-fields.js';

const run = (ctx: ReturnType<typeof validSystem>) => apiFieldsRule.check(ctx).map(formatProblem);
const sleeping = (seconds: number, minKubernetes: string) => ({
  ...edit(
    validSystem(),
    'Deployment',
    'app',
    (d) => (d.spec.template.spec.containers[0].lifecycle = { preStop: { sleep: { seconds } } }),
  ),
  minKubernetes,
});

describe('api-fields', () => {
  it('when preStop sleeps and 1.30 is the oldest release, then there is no problem', () => {
    expect(run(sleeping(5, '1.30'))).toEqual([]);
  });

  it('when 1.29 were still supported, then the sleep action is named with the release it needs', () => {
    expect(run(sleeping(5, '1.29'))).toEqual([
      'fixture/deployment.yaml: Deployment/app: spec.template.spec.containers[app].lifecycle.preStop.sleep: lifecycle sleep action (PodLifecycleSleepAction) needs Kubernetes 1.30; podlab supports 1.29 and newer, whose API server drops the field',
    ]);
  });

  it('when a sleep of 0 s is used with 1.30 the oldest, then it is reported', () => {
    expect(run(sleeping(0, '1.30'))).toEqual([
      expect.stringMatching(
        /preStop.sleep.seconds: a zero-second sleep action .* needs Kubernetes 1.33/,
      ),
    ]);
  });
});

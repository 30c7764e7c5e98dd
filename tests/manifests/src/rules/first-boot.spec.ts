import { describe, expect, it } from 'vitest';
import { formatProblem } from '../model.js';
import { edit, validSystem } from '../testing/system.js';
import { firstBootRule } from './first-boot.js';

const run = (ctx: ReturnType<typeof validSystem>) => firstBootRule.check(ctx).map(formatProblem);
const waiting = (tries?: string) =>
  edit(
    validSystem(),
    'Deployment',
    'app',
    (d) =>
      (d.spec.template.spec.initContainers[0].env = [
        { name: 'WAIT_FOR', value: 'db:3306' },
        ...(tries ? [{ name: 'WAIT_TRIES', value: tries }] : []),
      ]),
  );

describe('first-boot', () => {
  it('when an init container waits 5 minutes or more, then there is no problem', () => {
    expect(run(waiting('150'))).toEqual([]);
  });

  it('when it gives up after 2 minutes, then the field and the count to use are named', () => {
    expect(run(waiting('60'))).toEqual([
      'fixture/deployment.yaml: Deployment/app: spec.template.spec.initContainers[wait-for-deps].env[WAIT_TRIES]: 60 tries (120 s): a new cluster often needs more than that to pull MySQL and RabbitMQ and initialise MySQL; give it at least 150 tries',
    ]);
  });

  it('when WAIT_TRIES is missing, then it is reported', () => {
    expect(run(waiting())).toEqual([expect.stringMatching(/env\[WAIT_TRIES\]: missing/)]);
  });
});

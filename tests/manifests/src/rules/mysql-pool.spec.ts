import { describe, expect, it } from 'vitest';
import { formatProblem } from '../model.js';
import { edit, validSystem } from '../testing/system.js';
import { mysqlPoolRule } from './mysql-pool.js';

const run = (ctx: ReturnType<typeof validSystem>) => mysqlPoolRule.check(ctx).map(formatProblem);

/** The fixture's service with a MySQL pool in its config schema. */
function withPool() {
  const ctx = validSystem();
  ctx.configs.get('app')?.keys.push({ name: 'MYSQL_POOL_SIZE', required: false, defaultValue: 10 });
  return ctx;
}

describe('mysql-pool', () => {
  it('when the service has no MySQL pool, then there is no problem', () => {
    expect(run(validSystem())).toEqual([]);
  });

  it('when its ConfigMap leaves the pool size to the default, then the container is named', () => {
    expect(run(withPool())).toEqual([
      'fixture/deployment.yaml: Deployment/app: spec.template.spec.containers[app]: MYSQL_POOL_SIZE is not set: each of its pods opens up to that many MySQL connections; set it in k8s/app/config.env, beside what else sizes the Deployment',
    ]);
  });

  it('when its ConfigMap sets it, then there is no problem', () => {
    const ctx = edit(withPool(), 'ConfigMap', 'app-config-h4sh', (c) => {
      c.data.MYSQL_POOL_SIZE = '10';
    });
    expect(run(ctx)).toEqual([]);
  });
});

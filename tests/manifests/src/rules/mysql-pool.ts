import { serviceWorkloads } from '../env.js';
import { problem, type Problem, type Rule } from '../model.js';

/**
 * A service with a MySQL pool sets its size where its replicas are set: each pod opens up to
 * MYSQL_POOL_SIZE connections, and that times the replicas is what the Deployment asks of
 * MySQL's max_connections. The schema's default would keep that number out of the manifests.
 */
export const mysqlPoolRule: Rule = {
  id: 'mysql-pool',
  title: 'a service whose config reads MYSQL_POOL_SIZE is given it explicitly (ConfigMap or env)',
  check({ manifests, configs }) {
    const problems: Problem[] = [];
    for (const { workload, service, config, field, env } of serviceWorkloads(manifests, configs)) {
      if (!config.keys.some((key) => key.name === 'MYSQL_POOL_SIZE')) continue;
      if (env.has('MYSQL_POOL_SIZE')) continue;
      problems.push(
        problem(
          workload.manifest,
          field,
          `MYSQL_POOL_SIZE is not set: each of its pods opens up to that many MySQL connections; set it in k8s/${service}/config.env, beside what else sizes the Deployment`,
        ),
      );
    }
    return problems;
  },
};

import { appContainer, containerEnv, serviceOf } from '../env.js';
import { workloads } from '../objects.js';
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
    for (const w of workloads(manifests)) {
      const service = serviceOf(w);
      const config = service ? configs.get(service) : undefined;
      const app = service ? appContainer(w, service) : undefined;
      if (!service || !config || !app) continue;
      if (!config.keys.some((key) => key.name === 'MYSQL_POOL_SIZE')) continue;
      if (containerEnv(manifests, w, app.container, app.field).has('MYSQL_POOL_SIZE')) continue;
      problems.push(
        problem(
          w.manifest,
          app.field,
          `MYSQL_POOL_SIZE is not set: each of its pods opens up to that many MySQL connections; set it in k8s/${service}/config.env, beside what else sizes the Deployment`,
        ),
      );
    }
    return problems;
  },
};

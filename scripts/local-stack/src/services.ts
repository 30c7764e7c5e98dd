/** Every backend `npm start` runs, as the cluster runs them. A new service is one entry here. */
export interface LocalService {
  name: string;
  /** Its own schema and user, as in the cluster's MySQL initialisation; omitted when it has no database. */
  database?: { schema: string; user: string };
  /** Replicas behind the router: more than one shows load balancing (and, for chat, fan-out across replicas). */
  instances: number;
  /** Extra environment, beyond AMQP_URL, MYSQL_URL, PORT and POD_NAME. */
  env?: Record<string, string>;
}

export const localServices: LocalService[] = [
  { name: 'producer', instances: 1 },
  { name: 'consumer', database: { schema: 'pipeline', user: 'consumer' }, instances: 2 },
];

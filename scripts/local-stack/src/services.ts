/** Every backend `npm start` runs, as the cluster runs them. A new service is one entry here. */
export interface LocalService {
  name: string;
  /** Its own schema and user, as in the cluster's MySQL initialisation; omitted when it has no database. */
  database?: { schema: string; user: string };
  /** Replicas behind the router: more than one shows load balancing (and, for chat, fan-out across replicas). */
  instances: number;
  /**
   * Extra environment, beyond AMQP_URL, MYSQL_URL, PORT and POD_NAME; a function of the stack
   * when it names another service (`({ urlOf }) => ({ JWKS_URL: `${urlOf('auth')}/api/auth/...` })`).
   */
  env?: Record<string, string> | ((stack: LocalStack) => Record<string, string>);
}

/** What a service's env may refer to: every port is chosen before any service starts. */
export interface LocalStack {
  /** http://127.0.0.1:<port> of the service's first instance. */
  urlOf(service: string): string;
  /** auth's signing key: from the environment, or a development key kept in .data/. */
  signingKey(): Record<string, string>;
}

export const localServices: LocalService[] = [
  { name: 'producer', instances: 1 },
  { name: 'consumer', database: { schema: 'pipeline', user: 'consumer' }, instances: 2 },
  {
    name: 'auth',
    database: { schema: 'auth', user: 'auth' },
    instances: 1,
    // The local router sets X-Forwarded-For from loopback, as the Ingress does in a cluster.
    env: (stack) => ({ ...stack.signingKey(), TRUST_PROXY: 'loopback' }),
  },
  {
    name: 'todo',
    database: { schema: 'todo', user: 'todo' },
    instances: 1,
    // Verifies tokens against auth's keys (fetched once, cached): auth's own port, not the router.
    env: (stack) => ({ JWKS_URL: `${stack.urlOf('auth')}/api/auth/.well-known/jwks.json` }),
  },
  {
    name: 'chat',
    database: { schema: 'chat', user: 'chat' },
    // Two replicas: a message posted to one reaches live streams on the other via RabbitMQ.
    instances: 2,
    env: (stack) => ({ JWKS_URL: `${stack.urlOf('auth')}/api/auth/.well-known/jwks.json` }),
  },
];

import type { ServiceNames } from './names.js';
import type { ServiceOptions } from './options.js';

/**
 * One targeted insertion into a file the whole team edits: a snippet placed by an anchor, never
 * a rewrite of the file. remove-service deletes exactly the same snippet, so generate + remove
 * leaves every byte as it was.
 */
export interface Insertion {
  file: string;
  snippet: string;
  /** Character offset to insert at, or undefined when the anchor is missing (an error). */
  locate(text: string): number | undefined;
  /** What the anchor is, for the error message. */
  anchor: string;
  /** Skip (rather than fail) when the file does not exist: an optional part of the workspace. */
  optional?: boolean;
}

const lines = (text: string) => text.split('\n');

/** Offset of the start of line `index` (0-based). */
function lineOffset(text: string, index: number): number {
  return lines(text)
    .slice(0, index)
    .reduce((n, line) => n + line.length + 1, 0);
}

/** Before the first line matching `pattern` (at or after line `from`). */
function beforeLine(pattern: RegExp, from = 0) {
  return (text: string) => {
    const index = lines(text).findIndex((line, i) => i >= from && pattern.test(line));
    return index < 0 ? undefined : lineOffset(text, index);
  };
}

/** After the last line matching `pattern` within lines [from, to). */
function afterLastLine(pattern: RegExp, from = 0, to = Infinity) {
  return (text: string) => {
    let last = -1;
    lines(text).forEach((line, i) => {
      if (i >= from && i < to && pattern.test(line)) last = i;
    });
    return last < 0 ? undefined : lineOffset(text, last + 1);
  };
}

/** At the end, after the final newline. */
const atEnd = (text: string) => (text.endsWith('\n') ? text.length : undefined);

/** The first of several anchors that is found. */
function firstOf(...locators: ((text: string) => number | undefined)[]) {
  return (text: string) => {
    for (const locate of locators) {
      const at = locate(text);
      if (at !== undefined) return at;
    }
    return undefined;
  };
}

/** Inside the array opened by the line matching `opener`: after its last line matching `item`, else before its closing line. */
function inArray(opener: RegExp, item: RegExp, closer: RegExp) {
  return (text: string) => {
    const all = lines(text);
    const start = all.findIndex((line) => opener.test(line));
    if (start < 0) return undefined;
    const end = all.findIndex((line, i) => i > start && closer.test(line));
    if (end < 0) return undefined;
    return afterLastLine(item, start + 1, end)(text) ?? lineOffset(text, end);
  };
}

/** At the end of the top-level block opened by the line matching `opener`: after its last indented line. */
function endOfBlock(opener: RegExp) {
  return (text: string) => {
    const all = lines(text);
    const start = all.findIndex((line) => opener.test(line));
    if (start < 0) return undefined;
    let last = start;
    for (let i = start + 1; i < all.length && !/^[^\s#]/.test(all[i] ?? ''); i++)
      if (/^\s+\S/.test(all[i] ?? '')) last = i;
    return lineOffset(text, last + 1);
  };
}

/** In a NetworkPolicy with one `from:` list: before the `ports:` of its first ingress rule. */
const beforeIngressPorts = (text: string) => {
  const ingress = lines(text).findIndex((line) => /^ {2}ingress:/.test(line));
  return ingress < 0 ? undefined : beforeLine(/^ {6}ports:/, ingress)(text);
};

export function insertionsFor(names: ServiceNames, options: ServiceOptions): Insertion[] {
  const { name, snake, constant } = names;
  const amqp = options.amqp !== 'none';
  const secrets = options.database || amqp;
  const needs = [...(amqp ? ["'amqp'"] : []), ...(options.database ? ["'mysql'"] : [])];
  const all: (Insertion | false)[] = [
    // --- the workspace ---
    {
      file: 'tsconfig.json',
      anchor: 'the end of the "references" array',
      snippet: `,\n    {\n      "path": "./services/${name}"\n    }`,
      locate: (text) => {
        const start = text.indexOf('"references": [');
        const end = start < 0 ? -1 : text.indexOf('\n  ]', start);
        return end < 0 || text.slice(start, end).trim().endsWith('[') ? undefined : end;
      },
    },
    {
      file: 'libs/contracts/src/index.ts',
      anchor: 'the end of the file',
      snippet: `export * from './${name}-api-schema.js';\n`,
      locate: atEnd,
    },
    // --- npm start, npm run images, docker compose ---
    {
      file: 'scripts/local-stack/src/services.ts',
      anchor: 'the `localServices` array',
      snippet: options.auth
        ? [
            '  {',
            `    name: '${name}',`,
            ...(options.database
              ? [`    database: { schema: '${snake}', user: '${snake}' },`]
              : []),
            '    instances: 2,',
            "    // Verifies tokens against auth's keys (fetched once, cached): auth's own port, not the router.",
            "    env: (stack) => ({ JWKS_URL: `${stack.urlOf('auth')}/api/auth/.well-known/jwks.json` }),",
            '  },',
            '',
          ].join('\n')
        : `  { name: '${name}', ${options.database ? `database: { schema: '${snake}', user: '${snake}' }, ` : ''}instances: 2 },\n`,
      locate: inArray(/^export const localServices\b/, /^ {2}\{ name: '/, /^\];/),
    },
    {
      file: 'scripts/lib/image-list.ts',
      anchor: 'the `services` array',
      snippet: `  { name: '${name}', needs: [${needs.join(', ')}] },\n`,
      locate: inArray(/^export const services: ServiceEntry\[\] = \[/, /^ {2}\{ name: '/, /^\];/),
    },
    {
      file: 'docker/compose.yaml',
      anchor: 'the `frontend:` service',
      snippet: [
        `  ${name}:`,
        '    <<: *node-service',
        `    image: localhost/podlab/${name}:dev`,
        `    build: { context: .., dockerfile: docker/service.Dockerfile, args: { SERVICE: ${name} } }`,
        '    environment:',
        ...(amqp ? ['      AMQP_URL: *amqp-url'] : []),
        ...(options.database
          ? [`      MYSQL_URL: mysql://${snake}:${name}-dev-password@mysql:3306/${snake}`]
          : []),
        ...(options.auth
          ? [
              `      # auth's public keys; fetched on the first token, so ${name} need not wait for auth.`,
              '      JWKS_URL: http://auth:3000/api/auth/.well-known/jwks.json',
            ]
          : []),
        `      POD_NAME: ${name}`,
        ...(secrets ? ['    depends_on:'] : []),
        ...(amqp ? ['      rabbitmq: { condition: service_healthy }'] : []),
        ...(options.database ? ['      mysql: { condition: service_healthy }'] : []),
        '',
        '',
      ].join('\n'),
      locate: beforeLine(/^ {2}frontend:$/),
    },
    {
      file: 'docker/compose.yaml',
      anchor: "the router's depends_on",
      snippet: `      ${name}: { condition: service_healthy }\n`,
      locate: (text) => {
        const router = lines(text).findIndex((line) => /^ {2}router:$/.test(line));
        const next = lines(text).findIndex((line, i) => i > router && /^\S/.test(line));
        return router < 0
          ? undefined
          : afterLastLine(
              /^ {6}[\w-]+: \{ condition: service_healthy \}$/,
              router,
              next < 0 ? Infinity : next,
            )(text);
      },
    },
    options.public && {
      file: 'docker/compose/router.conf',
      anchor: 'the last `location /api/...` line',
      snippet: `    location /api/${name}/ { proxy_pass http://${name}:3000; }\n`,
      locate: afterLastLine(/^ {4}location \/api\/[\w-]+\/ \{ proxy_pass /),
    },
    options.database && {
      file: 'docker/compose/mysql-init/01-schemas.sql',
      anchor: 'the end of the file',
      snippet: [
        '',
        `CREATE DATABASE IF NOT EXISTS ${snake} CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;`,
        `CREATE USER IF NOT EXISTS '${snake}'@'%' IDENTIFIED BY '${name}-dev-password';`,
        `GRANT ALL PRIVILEGES ON ${snake}.* TO '${snake}'@'%';`,
        '',
      ].join('\n'),
      locate: atEnd,
    },
    // --- Kubernetes ---
    {
      file: 'kustomize/base/kustomization.yaml',
      anchor: 'the `../../k8s/...` resources',
      snippet: `  - ../../k8s/${name}\n`,
      locate: firstOf(
        beforeLine(/^ {2}- \.\.\/\.\.\/k8s\/frontend$/),
        afterLastLine(/^ {2}- \.\.\/\.\.\/k8s\//),
      ),
    },
    options.public && {
      file: 'k8s/ingress/ingress.yaml',
      anchor: 'the `- path: /` rule',
      snippet: [
        `          - path: /api/${name}`,
        '            pathType: Prefix',
        '            backend:',
        '              service:',
        `                name: ${name}`,
        '                port:',
        '                  name: http',
        '',
      ].join('\n'),
      locate: beforeLine(/^ {10}- path: \/$/),
    },
    options.public && {
      file: 'kustomize/components/service-mesh/virtualservice.yaml',
      anchor: 'the `- name: frontend` route',
      optional: true,
      snippet: [
        `    - name: ${name}`,
        '      match:',
        '        - uri:',
        `            prefix: /api/${name}`,
        '      route:',
        '        - destination:',
        `            host: ${name}`,
        '      timeout: 10s',
        '      # Only failures where the request never reached a pod: safe for any method.',
        '      retries:',
        '        attempts: 2',
        '        perTryTimeout: 3s',
        '        retryOn: connect-failure,refused-stream',
        '',
      ].join('\n'),
      locate: beforeLine(/^ {4}- name: frontend$/),
    },
    options.database && {
      file: 'k8s/mysql/initdb/10-schemas.sh',
      anchor: 'the last `create_service_schema ...` line',
      snippet: `create_service_schema ${snake} ${snake} "$${constant}_DB_PASSWORD"\n`,
      locate: afterLastLine(/^create_service_schema \w/),
    },
    options.database && {
      file: 'kustomize/overlays/dev-secrets/mysql.env',
      anchor: 'the end of the file',
      snippet: `${constant}_DB_PASSWORD=dev-only-${name}-db\n`,
      locate: atEnd,
    },
    secrets && {
      file: 'kustomize/overlays/dev-secrets/kustomization.yaml',
      anchor: 'the end of the `secretGenerator:` list',
      snippet: `  - name: ${name}-secrets\n    envs:\n      - ${name}.env\n`,
      locate: endOfBlock(/^secretGenerator:/),
    },
    secrets && {
      file: 'kustomize/overlays/dev-secrets/README.md',
      anchor: 'the last row of the Secrets table',
      optional: true,
      snippet: `| \`${name}-secrets\` | ${[...(amqp ? ['`AMQP_URL`'] : []), ...(options.database ? ['`MYSQL_URL`'] : [])].join(', ')} | ${name} |\n`,
      locate: afterLastLine(/^\| `[\w-]+-secrets` \|/),
    },
    {
      file: 'kustomize/components/network-policies/kustomization.yaml',
      anchor: 'the `- rabbitmq.yaml` resource',
      optional: true,
      snippet: `  - ${name}.yaml\n`,
      locate: firstOf(beforeLine(/^ {2}- rabbitmq\.yaml$/), afterLastLine(/^ {2}- [\w-]+\.yaml$/)),
    },
    amqp && {
      file: 'kustomize/components/network-policies/rabbitmq.yaml',
      anchor: 'the ingress rule',
      optional: true,
      snippet: podSelector(name),
      locate: beforeIngressPorts,
    },
    // auth's policy lets in only the services that fetch its JWKS.
    options.auth && {
      file: 'kustomize/components/network-policies/auth.yaml',
      anchor: 'the ingress rule',
      optional: true,
      snippet: podSelector(name),
      locate: beforeIngressPorts,
    },
    options.database && {
      file: 'kustomize/components/network-policies/mysql.yaml',
      anchor: 'the ingress rule',
      optional: true,
      snippet: podSelector(name),
      locate: beforeIngressPorts,
    },
  ];
  return all.filter((insertion): insertion is Insertion => insertion !== false);
}

function podSelector(name: string): string {
  return [
    '        - podSelector:',
    '            matchLabels:',
    `              app.kubernetes.io/name: ${name}`,
    '',
  ].join('\n');
}

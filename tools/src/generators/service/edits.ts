import { passwordKeyOf } from '@podlab/catalog';
import type { ServiceNames } from './names.ts';
import type { ServiceOptions } from './options.ts';

/**
 * One targeted insertion into a file the whole team edits: a snippet placed by an anchor, never
 * a rewrite of the file. remove-service deletes exactly the same snippet, so generate + remove
 * leaves every byte as it was. Only the Kubernetes wiring is inserted this way: every list of
 * services elsewhere reads the service catalog or is written from it.
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

export function insertionsFor(names: ServiceNames, options: ServiceOptions): Insertion[] {
  const { name, snake } = names;
  const amqp = options.amqp !== 'none';
  const secrets = options.database || amqp;
  const all: (Insertion | false)[] = [
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
      file: 'kustomize/overlays/dev-secrets/mysql.env',
      anchor: 'the end of the file',
      snippet: `${passwordKeyOf({ schema: snake, user: snake })}=dev-only-${name}-db\n`,
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
  ];
  return all.filter((insertion): insertion is Insertion => insertion !== false);
}

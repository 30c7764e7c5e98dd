import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lease } from '../../src/leader/index.js';

export interface Certificate {
  key: Buffer;
  cert: Buffer;
}

/** A throwaway self-signed certificate for 127.0.0.1, or undefined when openssl is not installed. */
export function selfSignedCertificate(): Certificate | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'fake-kube-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=fake-kubernetes',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface RecordedRequest {
  method: string;
  path: string;
  token: string;
  status: number;
  body?: Lease;
  /** When the answer was sent (Date.now()). */
  at: number;
}

const MICRO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

/**
 * Just enough of the Kubernetes API for leases in one namespace: GET, POST and PUT with
 * resourceVersion checks (409 on a stale write, like the real API server), bearer tokens, and
 * MicroTime validation. Faults are injected per token: `cut` drops that client's connections.
 */
export async function startFakeKubernetesApi(options: { namespace: string; tls?: Certificate }) {
  const leases = new Map<string, Lease>();
  const accepted = new Set<string>();
  const cut = new Set<string>();
  const requests: RecordedRequest[] = [];
  let version = 100;
  let afterGet: ((token: string) => boolean) | undefined;
  const prefix = `/apis/coordination.k8s.io/v1/namespaces/${options.namespace}/leases`;

  const store = (lease: Lease): Lease => {
    const stored: Lease = structuredClone({
      ...lease,
      metadata: {
        ...lease.metadata,
        namespace: options.namespace,
        resourceVersion: String(++version),
      },
    });
    leases.set(lease.metadata.name, stored);
    return structuredClone(stored);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (cut.has(token)) return req.socket.destroy();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length
      ? (JSON.parse(Buffer.concat(chunks).toString()) as Lease)
      : undefined;
    const method = req.method ?? '';
    const path = req.url ?? '';
    const reply = (status: number, json: unknown) => {
      requests.push({ method, path, token, status, body, at: Date.now() });
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    };
    const status = (code: number, reason: string, message: string) =>
      reply(code, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message });

    if (!accepted.has(token)) return status(401, 'Unauthorized', 'Unauthorized');
    const name = path.startsWith(`${prefix}/`)
      ? decodeURIComponent(path.slice(prefix.length + 1))
      : undefined;
    const current = name ? leases.get(name) : undefined;
    if (body) {
      for (const field of ['acquireTime', 'renewTime'] as const) {
        const value = body.spec[field];
        if (value !== undefined && !MICRO_TIME.test(value))
          return status(400, 'BadRequest', `spec.${field}: ${value} is not a MicroTime`);
      }
    }

    if (method === 'GET' && name) {
      if (!current) return status(404, 'NotFound', `leases "${name}" not found`);
      reply(200, current);
      if (afterGet?.(token)) afterGet = undefined;
      return;
    }
    if (method === 'POST' && path === prefix && body) {
      if (leases.has(body.metadata.name))
        return status(409, 'AlreadyExists', `leases "${body.metadata.name}" already exists`);
      return reply(201, store(body));
    }
    if (method === 'PUT' && name && body) {
      if (!current) return status(404, 'NotFound', `leases "${name}" not found`);
      if (body.metadata.resourceVersion !== current.metadata.resourceVersion)
        return status(
          409,
          'Conflict',
          'the object has been modified; please apply your changes to the latest version and try again',
        );
      return reply(200, store(body));
    }
    status(404, 'NotFound', `no route for ${method} ${path}`);
  };

  const listener = (req: IncomingMessage, res: ServerResponse) => void handle(req, res);
  const server = options.tls
    ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, listener)
    : createHttpServer(listener);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    host: '127.0.0.1',
    port: String(port),
    requests,
    lease: (name: string) => leases.get(name),
    accept: (...tokens: string[]) => tokens.forEach((token) => accepted.add(token)),
    revoke: (token: string) => accepted.delete(token),
    /** Drops every connection that carries this token, as a network partition would. */
    cut: (token: string) => cut.add(token),
    /** Writes the lease as another client would (a new resourceVersion). */
    put: (lease: Lease) => store(lease),
    /** Runs once, right after a GET answered to a client whose token matches. */
    afterNextGetBy: (forToken: string, run: () => void) => {
      afterGet = (token) => {
        if (token !== forToken) return false;
        run();
        return true;
      };
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

export type FakeKubernetesApi = Awaited<ReturnType<typeof startFakeKubernetesApi>>;

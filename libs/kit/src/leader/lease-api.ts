import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** The part of a coordination.k8s.io/v1 Lease that leader election reads and writes. */
export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  /** MicroTime: RFC 3339 with exactly six fractional digits (see `microTime`). */
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export interface Lease {
  apiVersion: 'coordination.k8s.io/v1';
  kind: 'Lease';
  metadata: { name: string; namespace?: string; resourceVersion?: string; [key: string]: unknown };
  spec: LeaseSpec;
}

/**
 * Get, create and replace one Lease. `create` and `replace` answer undefined when the API
 * server says 409 Conflict: someone else created it first, or changed it since we read it
 * (`metadata.resourceVersion` no longer matches) — optimistic concurrency, no locks.
 */
export interface LeaseApi {
  get(name: string): Promise<Lease | undefined>;
  create(lease: Lease): Promise<Lease | undefined>;
  replace(lease: Lease): Promise<Lease | undefined>;
}

/** A failed call to the Kubernetes API, with the status and the server's reason. */
export class KubernetesApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'KubernetesApiError';
  }
}

export interface KubernetesConnection {
  /** `https://host:port` of the API server (http only for tests). */
  baseUrl: string;
  namespace: string;
  /** Read before every request: projected service-account tokens rotate. */
  token: () => Promise<string>;
  /** PEM of the cluster CA; the server certificate must chain to it. */
  ca?: Buffer;
  timeoutMs?: number;
}

/** The Lease endpoints of the Kubernetes API over node:https, no client library (why: libs/kit/README.md). */
export function createKubernetesLeaseApi(connection: KubernetesConnection): LeaseApi {
  const collection = `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(connection.namespace)}/leases`;
  const item = (name: string) => `${collection}/${encodeURIComponent(name)}`;
  const call = (method: string, path: string, body?: Lease) => send(connection, method, path, body);

  return {
    async get(name) {
      const { status, json } = await call('GET', item(name));
      if (status === 404) return undefined;
      return expectLease(status, json, 'GET', item(name));
    },
    async create(lease) {
      const { status, json } = await call('POST', collection, lease);
      if (status === 409) return undefined;
      return expectLease(status, json, 'POST', collection);
    },
    async replace(lease) {
      const path = item(lease.metadata.name);
      const { status, json } = await call('PUT', path, lease);
      if (status === 409) return undefined;
      return expectLease(status, json, 'PUT', path);
    },
  };
}

/** Kubernetes MicroTime: the API server parses exactly six fractional digits, so `toISOString()` alone is rejected. */
export function microTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function expectLease(status: number, json: unknown, method: string, path: string): Lease {
  if (status >= 200 && status < 300) return json as Lease;
  const { reason = 'Unknown', message = '' } = (json ?? {}) as {
    reason?: string;
    message?: string;
  };
  const hint =
    status === 401
      ? ' (the service-account token was refused)'
      : status === 403
        ? ' (check the Role and RoleBinding that grant this service account the Lease)'
        : '';
  throw new KubernetesApiError(
    status,
    reason,
    `${method} ${path}: ${status} ${reason}${message ? `: ${message}` : ''}${hint}`,
  );
}

async function send(
  connection: KubernetesConnection,
  method: string,
  path: string,
  body?: Lease,
): Promise<{ status: number; json: unknown }> {
  const url = new URL(path, connection.baseUrl);
  const token = await connection.token();
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca: connection.ca,
        timeout: connection.timeoutMs ?? 5_000,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(payload === undefined
            ? {}
            : {
                'content-type': 'application/json',
                'content-length': Buffer.byteLength(payload),
              }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = { message: text.slice(0, 200) };
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(
        new Error(
          `${method} ${url.pathname}: no answer within ${connection.timeoutMs ?? 5_000} ms`,
        ),
      ),
    );
    req.on('error', reject);
    req.end(payload);
  });
}

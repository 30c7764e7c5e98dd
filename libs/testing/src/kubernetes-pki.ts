import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findExecutable } from './find-binary.js';

const run = promisify(execFile);

/** The files a control plane's TLS and service-account tokens rest on, all under one folder. */
export interface ControlPlanePki {
  readonly dir: string;
  readonly caCert: string;
  readonly caKey: string;
  readonly apiserverCert: string;
  readonly apiserverKey: string;
  /** Signs and verifies service-account tokens (the TokenRequest API, projected volumes). */
  readonly serviceAccountKey: string;
  readonly serviceAccountPub: string;
  /** Client certificate + key per identity: admin (system:masters), the controllers, kwok. */
  readonly clients: Readonly<Record<ClientIdentity, { cert: string; key: string }>>;
}

export type ClientIdentity = 'admin' | 'controller-manager' | 'scheduler' | 'kwok';

/** Subject per identity: RBAC knows the controller-manager and scheduler by these exact names. */
const SUBJECTS: Record<ClientIdentity, string> = {
  admin: '/O=system:masters/CN=podlab-admin',
  'controller-manager': '/CN=system:kube-controller-manager',
  scheduler: '/CN=system:kube-scheduler',
  // kwok writes node and pod status for every fake node: the same power kwokctl gives it.
  kwok: '/O=system:masters/CN=kwok',
};

/** Names a client inside the cluster reaches the API server by (the `kubernetes` Service). */
const APISERVER_NAMES = [
  'DNS:localhost',
  'DNS:kubernetes',
  'DNS:kubernetes.default',
  'DNS:kubernetes.default.svc',
  'DNS:kubernetes.default.svc.cluster.local',
  'IP:127.0.0.1',
];

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
const DAYS = ['-days', '3650'];

/**
 * A private CA and the certificates signed by it, made with the openssl command (Debian's
 * openssl package; Node can read certificates but not issue them). EC keys: each takes a few
 * milliseconds, so every control plane gets a CA of its own. Kept if `dir` already holds one
 * (`npm run k8s:control-plane` restarts on the same data).
 */
export async function createControlPlanePki(
  dir: string,
  serviceIp: string,
): Promise<ControlPlanePki> {
  const openssl = findExecutable(['openssl'], 'openssl');
  mkdirSync(dir, { recursive: true });
  const file = (name: string) => join(dir, name);
  const pki: ControlPlanePki = {
    dir,
    caCert: file('ca.crt'),
    caKey: file('ca.key'),
    apiserverCert: file('apiserver.crt'),
    apiserverKey: file('apiserver.key'),
    serviceAccountKey: file('service-account.key'),
    serviceAccountPub: file('service-account.pub'),
    clients: Object.fromEntries(
      (Object.keys(SUBJECTS) as ClientIdentity[]).map((id) => [
        id,
        { cert: file(`${id}.crt`), key: file(`${id}.key`) },
      ]),
    ) as ControlPlanePki['clients'],
  };
  if (existsSync(pki.serviceAccountPub)) return pki;

  const openSsl = (args: string[]) => run(openssl, args, { timeout: 30_000 });
  await openSsl([
    'req',
    '-x509',
    ...EC_KEY,
    ...DAYS,
    '-subj',
    '/CN=podlab-kubernetes-ca',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout',
    pki.caKey,
    '-out',
    pki.caCert,
  ]);
  const issue = (subject: string, out: { cert: string; key: string }, extensions: string[]) =>
    openSsl([
      'req',
      '-x509',
      '-CA',
      pki.caCert,
      '-CAkey',
      pki.caKey,
      ...EC_KEY,
      ...DAYS,
      '-subj',
      subject,
      '-addext',
      'basicConstraints=critical,CA:FALSE',
      '-addext',
      'keyUsage=critical,digitalSignature',
      ...extensions.flatMap((ext) => ['-addext', ext]),
      '-keyout',
      out.key,
      '-out',
      out.cert,
    ]);
  await Promise.all([
    issue('/CN=kube-apiserver', { cert: pki.apiserverCert, key: pki.apiserverKey }, [
      'extendedKeyUsage=serverAuth',
      `subjectAltName=${[...APISERVER_NAMES, `IP:${serviceIp}`].join(',')}`,
    ]),
    ...(Object.keys(SUBJECTS) as ClientIdentity[]).map((id) =>
      issue(SUBJECTS[id], pki.clients[id], ['extendedKeyUsage=clientAuth']),
    ),
  ]);
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(pki.serviceAccountKey, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
    mode: 0o600,
  });
  // Written last: its presence says the whole set is complete.
  writeFileSync(pki.serviceAccountPub, publicKey.export({ type: 'spki', format: 'pem' }));
  return pki;
}

/** A kubeconfig for one identity, referring to the PKI files by path (they stay where they are). */
export function writeKubeconfig(
  file: string,
  server: string,
  pki: ControlPlanePki,
  identity: ClientIdentity,
): string {
  const client = pki.clients[identity];
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '  - name: podlab-control-plane',
      '    cluster:',
      `      server: ${server}`,
      `      certificate-authority: ${pki.caCert}`,
      'users:',
      `  - name: ${identity}`,
      '    user:',
      `      client-certificate: ${client.cert}`,
      `      client-key: ${client.key}`,
      'contexts:',
      '  - name: podlab-control-plane',
      '    context:',
      '      cluster: podlab-control-plane',
      `      user: ${identity}`,
      'current-context: podlab-control-plane',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return file;
}

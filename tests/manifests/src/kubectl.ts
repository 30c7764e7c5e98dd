import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** kustomize v5 (kubectl 1.27+) is the first with `labels.includeTemplates` and current `patches:` handling. */
export const MIN_KUSTOMIZE = '5.0.0';

export interface Kubectl {
  path: string;
  version: string;
  kustomizeVersion: string;
}

const INSTALL_HINT =
  'install kubectl 1.27 or newer (https://kubernetes.io/docs/tasks/tools/) or point KUBECTL at one';

const parseVersion = (v: string): number[] =>
  (v.match(/(\d+)\.(\d+)\.(\d+)/)?.slice(1) ?? ['0', '0', '0']).map(Number);

export const versionAtLeast = (version: string, minimum: string): boolean => {
  const [a, b] = [parseVersion(version), parseVersion(minimum)];
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
};

/**
 * Finds kubectl (KUBECTL, else PATH) and checks that its bundled kustomize is new enough.
 * Throws an error whose message says what is missing and what to do.
 */
export async function findKubectl(env: NodeJS.ProcessEnv = process.env): Promise<Kubectl> {
  const path = env.KUBECTL || 'kubectl';
  let stdout: string;
  try {
    ({ stdout } = await run(path, ['version', '--client', '--output=json'], {
      env,
      timeout: 20_000,
    }));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new Error(
        `kubectl not found (${path}): the manifest checks render kustomize/ with \`kubectl kustomize\`; ${INSTALL_HINT}`,
      );
    throw new Error(
      `\`${path} version --client\` failed: ${(error as Error).message}; ${INSTALL_HINT}`,
    );
  }
  let parsed: { clientVersion?: { gitVersion?: string }; kustomizeVersion?: string };
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw new Error(`\`${path} version --client --output=json\` printed no JSON; ${INSTALL_HINT}`);
  }
  const version = parsed.clientVersion?.gitVersion ?? 'unknown';
  const kustomizeVersion = parsed.kustomizeVersion ?? 'none';
  if (!versionAtLeast(kustomizeVersion, MIN_KUSTOMIZE)) {
    throw new Error(
      `kubectl ${version} bundles kustomize ${kustomizeVersion}, the manifests need kustomize v${MIN_KUSTOMIZE} or newer; ${INSTALL_HINT}`,
    );
  }
  return { path, version, kustomizeVersion };
}

/** `kubectl kustomize <dir>`: the YAML that `kubectl apply -k <dir>` would send. */
export async function kustomize(kubectl: Kubectl, dir: string): Promise<string> {
  try {
    const { stdout } = await run(kubectl.path, ['kustomize', dir], {
      maxBuffer: 64 * 1024 * 1024,
      timeout: 120_000,
    });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`kubectl kustomize ${dir} failed: ${stderr || (error as Error).message}`);
  }
}

// What the cluster scripts create, in one place: the Kubernetes release (the one the
// control-plane tests run), the oldest release the manifests work on, and the minikube profile.
export const KUBERNETES_VERSION = 'v1.36.3';
/**
 * The oldest release podlab runs on: the frontend's `lifecycle.preStop.sleep` is on by default
 * from 1.30 (a 1.29 API server drops the field, then rejects the handler-less preStop).
 */
export const MIN_KUBERNETES = '1.30';
/** k3d's node image: k3s of the same release. */
export const K3S_IMAGE = `rancher/k3s:${KUBERNETES_VERSION}-k3s1`;
/**
 * The minikube profile `npm run cluster:minikube` creates. With a VM driver minikube's default is
 * 2 CPUs, less than podlab's requests plus the system pods' (tests/manifests/test/footprint.test.ts
 * adds them up); the Docker driver shows the host's cores instead.
 */
export const MINIKUBE_PROFILE = { cpus: 4, memory: '6g' };

/** `1.36` of `v1.36.3`, `v1.29.4+k3s1`, `1.30`. */
export const minorOf = (version: string): [number, number] | undefined => {
  const match = /^v?(\d+)\.(\d+)/.exec(version);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
};

/** Whether a release is at least MIN_KUBERNETES (false for what does not parse). */
export function supported(version: string): boolean {
  const [major, minor] = minorOf(version) ?? [0, 0];
  const [minMajor, minMinor] = minorOf(MIN_KUBERNETES) ?? [0, 0];
  return major > minMajor || (major === minMajor && minor >= minMinor);
}

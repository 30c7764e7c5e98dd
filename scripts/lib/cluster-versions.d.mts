// Types of cluster-versions.mjs, for the TypeScript tests.
export const KUBERNETES_VERSION: string;
export const MIN_KUBERNETES: string;
export const K3S_IMAGE: string;
export const MINIKUBE_PROFILE: { cpus: number; memory: string };
export function minorOf(version: string): [number, number] | undefined;
export function supported(version: string): boolean;

import { ensureControlPlaneBinaries } from './kubernetes-binaries.js';

/** Set for the test workers when the control plane could not be built: each file fails with it. */
export const CONTROL_PLANE_ERROR_ENV = 'PODLAB_CONTROL_PLANE_ERROR';

/**
 * vitest globalSetup of the control-plane tests: builds the Kubernetes binaries from source once,
 * before any test file starts (a cold build prints its progress; a warm one returns at once).
 * A build that cannot happen (no Go, no module proxy) does not stop the run: every test file
 * then fails with the reason, so the failure is counted and named, never silent.
 */
export default async function setup(): Promise<void> {
  try {
    await ensureControlPlaneBinaries();
  } catch (error) {
    const message = (error as Error).message;
    console.error(`[control-plane] cannot build the Kubernetes control plane: ${message}`);
    process.env[CONTROL_PLANE_ERROR_ENV] = message;
  }
}

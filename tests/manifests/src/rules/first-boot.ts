import { containersOf, workloads } from '../objects.js';
import { problem, type Problem, type Rule } from '../model.js';

/**
 * How long a new cluster may take before MySQL and RabbitMQ answer: pulling both images and
 * MySQL's first initialisation. Init containers that give up sooner end their pods in
 * Init:CrashLoopBackOff on a first boot that would have healed.
 */
export const FIRST_BOOT_SECONDS = 300;
/** The wait-for-deps loop sleeps this long between tries (k8s/<service>/deployment.yaml). */
export const SECONDS_PER_TRY = 2;

/** Init containers that wait for dependencies wait at least as long as a first boot takes. */
export const firstBootRule: Rule = {
  id: 'first-boot',
  title: `init containers waiting for dependencies (WAIT_FOR) keep trying for at least ${FIRST_BOOT_SECONDS / 60} minutes (WAIT_TRIES × ${SECONDS_PER_TRY} s)`,
  check({ manifests }) {
    const problems: Problem[] = [];
    for (const w of workloads(manifests)) {
      for (const { container, field, init } of containersOf(w)) {
        const env = container.env ?? [];
        if (!init || !env.some((e) => e.name === 'WAIT_FOR')) continue;
        const tries = Number(env.find((e) => e.name === 'WAIT_TRIES')?.value);
        if (!(tries * SECONDS_PER_TRY >= FIRST_BOOT_SECONDS)) {
          problems.push(
            problem(
              w.manifest,
              `${field}.env[WAIT_TRIES]`,
              `${Number.isFinite(tries) ? `${tries} tries (${tries * SECONDS_PER_TRY} s)` : 'missing'}: a new cluster often needs more than that to pull MySQL and RabbitMQ and initialise MySQL; give it at least ${FIRST_BOOT_SECONDS / SECONDS_PER_TRY} tries`,
            ),
          );
        }
      }
    }
    return problems;
  },
};

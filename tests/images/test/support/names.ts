import { randomBytes } from 'node:crypto';

/** Everything this project creates carries this label, so it never touches anything else. */
export const TEST_LABEL = 'io.podlab.test=image-checks';

/**
 * `podlab-imgtest-<epoch seconds>-<random>`: unique per test file and run, and old enough to
 * sweep when a crashed run left it behind (see isStale).
 */
export function runName(): string {
  return `podlab-imgtest-${Math.floor(Date.now() / 1000)}-${randomBytes(3).toString('hex')}`;
}

/** The same name as a MySQL / AMQP identifier. */
export const sqlSafe = (name: string) => name.replaceAll('-', '_');

/** True for a name made by runName more than `maxAgeSeconds` ago (a leftover of a crashed run). */
export function isStale(name: string, maxAgeSeconds = 15 * 60): boolean {
  const match = /podlab[-_]imgtest[-_](\d{10})[-_]/.exec(name);
  return match !== null && Date.now() / 1000 - Number(match[1]) > maxAgeSeconds;
}

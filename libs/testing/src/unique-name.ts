import { randomBytes } from 'node:crypto';

/** Keeps room for the random suffix inside MySQL's 64-character identifier limit. */
const MAX_PREFIX_LENGTH = 40;

/**
 * `${prefix}_${random}`, lower-case letters, digits and underscores only, so the same name is
 * valid unquoted as a MySQL database/user name and as an AMQP queue or exchange name, and two
 * tests (or two runs against one shared server) never collide.
 */
export function uniqueName(prefix: string): string {
  const cleaned = prefix
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, MAX_PREFIX_LENGTH);
  return `${cleaned || 'test'}_${randomBytes(5).toString('hex')}`;
}

import { randomBytes } from 'node:crypto';
import { hash, parseOptions, verify, type Algorithm, type Options } from '@node-rs/argon2';

/**
 * argon2id with OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): about 20–40 ms
 * per hash on a server core. `Algorithm` is a const enum, which isolatedModules cannot inline.
 */
const ARGON2ID = 2 as Algorithm;
export const PASSWORD_HASH_OPTIONS = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} satisfies Options;

/** Hashes and checks passwords; spends the same time whether or not the account exists. */
export class PasswordHasher {
  /** A real hash of a random password: verifying against it costs what a real check costs. */
  private readonly decoy = hash(randomBytes(18).toString('base64url'), PASSWORD_HASH_OPTIONS);

  hash(password: string): Promise<string> {
    return hash(password, PASSWORD_HASH_OPTIONS);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    return verify(passwordHash, password).catch(() => false);
  }

  /** For an unknown username: the same argon2 work as a real check, then "no". */
  async verifyNobody(password: string): Promise<false> {
    await verify(await this.decoy, password).catch(() => false);
    return false;
  }

  /** True when a stored hash was made with weaker or other settings than today's. */
  needsRehash(passwordHash: string): boolean {
    try {
      const used = parseOptions(passwordHash);
      return (
        used.algorithm !== PASSWORD_HASH_OPTIONS.algorithm ||
        used.memoryCost !== PASSWORD_HASH_OPTIONS.memoryCost ||
        used.timeCost !== PASSWORD_HASH_OPTIONS.timeCost ||
        used.parallelism !== PASSWORD_HASH_OPTIONS.parallelism
      );
    } catch {
      return true;
    }
  }
}

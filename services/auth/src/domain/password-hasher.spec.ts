import { describe, expect, it } from 'vitest';
import { PasswordHasher } from './password-hasher.js';

const hasher = new PasswordHasher();

describe('PasswordHasher', () => {
  it('when a password is hashed, then it is argon2id with the policy settings and a fresh salt each time', async () => {
    const [a, b] = [await hasher.hash('s3cret pass'), await hasher.hash('s3cret pass')];
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(await hasher.verify(a, 's3cret pass')).toBe(true);
    expect(await hasher.verify(a, 's3cret pasS')).toBe(false);
  });

  it('when the stored hash is not a hash, then verify says no instead of throwing', async () => {
    expect(await hasher.verify('plain text', 'plain text')).toBe(false);
  });

  it('when hashes were made with other settings, then they need a rehash', async () => {
    expect(hasher.needsRehash(await hasher.hash('x'.repeat(8)))).toBe(false);
    expect(
      hasher.needsRehash(
        '$argon2id$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA',
      ),
    ).toBe(true);
    expect(hasher.needsRehash('garbage')).toBe(true);
  });

  it('when timed, then an unknown-user check costs what a real check costs (figures printed)', async () => {
    const stored = await hasher.hash('correct horse');
    await hasher.verifyNobody('warm-up');
    // Interleaved, so a busy machine slows both alike.
    const samples = { hash: [] as number[], verify: [] as number[], nobody: [] as number[] };
    const time = async (into: number[], work: () => Promise<unknown>) => {
      const started = performance.now();
      await work();
      into.push(performance.now() - started);
    };
    for (let i = 0; i < 9; i++) {
      await time(samples.hash, () => hasher.hash('correct horse'));
      await time(samples.verify, () => hasher.verify(stored, 'wrong horse'));
      await time(samples.nobody, () => hasher.verifyNobody('wrong horse'));
    }
    const median = (values: number[]) => [...values].sort((x, y) => x - y)[4];
    const [hash, verify, nobody] = [
      median(samples.hash),
      median(samples.verify),
      median(samples.nobody),
    ];
    console.log(
      `argon2id (19 MiB, t=2, p=1) median: hash ${hash.toFixed(1)} ms, verify ${verify.toFixed(1)} ms, unknown user ${nobody.toFixed(1)} ms`,
    );
    // Without the decoy an unknown user costs ~0 ms; the bounds leave room for a noisy machine.
    expect(nobody).toBeGreaterThan(verify / 3);
    expect(nobody).toBeLessThan(verify * 3);
  });
});

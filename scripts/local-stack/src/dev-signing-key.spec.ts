import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { devSigningKey } from './dev-signing-key.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'podlab-devkey-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  vi.unstubAllEnvs();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('devSigningKey', () => {
  it('when no key is configured, then it makes an Ed25519 key once, says so, and reuses it', () => {
    vi.stubEnv('JWT_PRIVATE_KEY', '');
    const dir = tempDir();
    const lines: string[] = [];
    const first = devSigningKey(dir, (line) => lines.push(line));
    expect(createPrivateKey(first.JWT_PRIVATE_KEY).asymmetricKeyType).toBe('ed25519');
    expect(first.JWT_KEY_ID).toMatch(/^dev-\d{4}-\d{2}-\d{2}-[0-9a-f]{6}$/);
    expect(lines.join('\n')).toContain('generated a development signing key');
    expect(statSync(join(dir, 'auth-dev-key.json')).mode & 0o077).toBe(0);

    const again = devSigningKey(dir, (line) => lines.push(line));
    expect(again).toEqual(first);
    expect(lines).toHaveLength(1);
  });

  it('when JWT_PRIVATE_KEY is set, then it leaves the environment to auth and writes nothing', () => {
    vi.stubEnv('JWT_PRIVATE_KEY', 'from-the-environment');
    const dir = tempDir();
    expect(devSigningKey(dir, () => undefined)).toEqual({});
    expect(() => statSync(join(dir, 'auth-dev-key.json'))).toThrow();
  });
});

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface StoredKey {
  kid: string;
  privateKeyPem: string;
  createdAt: string;
}

/**
 * The key auth signs access tokens with under `npm start`: JWT_PRIVATE_KEY (and JWT_KEY_ID)
 * from the environment when set, else a development Ed25519 key made once and kept in the
 * data folder, so tokens survive a restart of the stack.
 */
export function devSigningKey(
  dataDir: string,
  log: (line: string) => void,
): Record<string, string> {
  if (process.env.JWT_PRIVATE_KEY) {
    log('auth signs with JWT_PRIVATE_KEY from the environment');
    return {};
  }
  const file = join(dataDir, 'auth-dev-key.json');
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as StoredKey;
    return { JWT_PRIVATE_KEY: stored.privateKeyPem, JWT_KEY_ID: stored.kid };
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  const stored: StoredKey = {
    kid: `dev-${new Date().toISOString().slice(0, 10)}-${randomBytes(3).toString('hex')}`,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    createdAt: new Date().toISOString(),
  };
  writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  log(
    `generated a development signing key for auth (kid ${stored.kid}) in ${file}; set JWT_PRIVATE_KEY and JWT_KEY_ID to use your own`,
  );
  return { JWT_PRIVATE_KEY: stored.privateKeyPem, JWT_KEY_ID: stored.kid };
}

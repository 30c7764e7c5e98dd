import { createHash } from 'node:crypto';
import { usernameKey, type LoginRequest } from '@podlab/contracts';
import type { LoginFailureCounters } from '../data-access/login-failure-counters.js';
import type { UsersRepository } from '../data-access/users-repository.js';
import { invalidCredentials, rateLimited } from './auth-errors.js';
import type { PasswordHasher } from './password-hasher.js';
import type { IssuedSession, Sessions } from './sessions.js';

/**
 * Sign-in. Counted per client address and per account before anything else; an unknown name
 * and a wrong password cost the same argon2 time and get the same answer.
 */
export class LoginUseCase {
  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordHasher,
    private readonly counters: LoginFailureCounters,
    private readonly sessions: Sessions,
  ) {}

  async execute({ username, password }: LoginRequest, client: string): Promise<IssuedSession> {
    const account = usernameKey(username);
    const admission = await this.counters.admit(client, countingKey(account));
    if (!admission.allowed) throw rateLimited('sign-in attempts', admission.retryAfterSeconds);

    const user = await this.users.findByUsernameKey(account);
    const valid = user
      ? await this.passwords.verify(user.passwordHash, password)
      : await this.passwords.verifyNobody(password);
    if (!user || !valid) throw invalidCredentials();

    await this.counters.succeeded(client, countingKey(account));
    if (this.passwords.needsRehash(user.passwordHash))
      await this.users.updatePasswordHash(user.id, await this.passwords.hash(password));
    return this.sessions.start({ id: user.id, username: user.username });
  }
}

/**
 * The account as the rate-limit table keys it: a hash of the username key, since what is typed
 * at login is unchecked and may normalise to far more than the key column holds (64 × U+FDFA
 * is 1,152 characters).
 */
const countingKey = (account: string) => createHash('sha256').update(account).digest('base64url');

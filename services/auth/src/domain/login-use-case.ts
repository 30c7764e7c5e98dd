import { usernameKey, type LoginRequest } from '@podlab/contracts';
import type { LoginFailureCounters } from '../data-access/login-failure-counters.js';
import type { UsersRepository } from '../data-access/users-repository.js';
import { invalidCredentials, rateLimited } from './auth-errors.js';
import type { PasswordHasher } from './password-hasher.js';
import type { IssuedSession, Sessions } from './sessions.js';

/**
 * Sign-in. The attempt is counted before the password is checked: for an existing account per
 * (account, client) and per account, for a name nobody has per client (see
 * LoginFailureCounters). An unknown name and a wrong password cost the same argon2 time and get
 * the same answer.
 */
export class LoginUseCase {
  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordHasher,
    private readonly counters: LoginFailureCounters,
    private readonly sessions: Sessions,
  ) {}

  async execute({ username, password }: LoginRequest, client: string): Promise<IssuedSession> {
    const key = usernameKey(username);
    const user = await this.users.findByUsernameKey(key);
    const admission = user
      ? await this.counters.admitAccount(user.id, client)
      : await this.counters.admitUnknown(key, client);
    if (!admission.allowed) throw rateLimited('sign-in attempts', admission.retryAfterSeconds);

    const valid = user
      ? await this.passwords.verify(user.passwordHash, password)
      : await this.passwords.verifyNobody(password);
    if (!user || !valid) throw invalidCredentials();

    await this.counters.succeeded(user.id, client);
    if (this.passwords.needsRehash(user.passwordHash))
      await this.users.updatePasswordHash(user.id, await this.passwords.hash(password));
    return this.sessions.start({ id: user.id, username: user.username });
  }
}

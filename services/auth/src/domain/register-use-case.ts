import { randomUUID } from 'node:crypto';
import { usernameKey, type RegisterRequest, type User } from '@podlab/contracts';
import type { RegistrationCounters } from '../data-access/registration-counters.js';
import type { UsersRepository } from '../data-access/users-repository.js';
import { rateLimited, usernameTaken, weakPassword } from './auth-errors.js';
import { passwordProblem } from './common-passwords.js';
import type { PasswordHasher } from './password-hasher.js';

/**
 * Sign-up: a new user with an argon2id hash, unless the name is taken (ignoring case) or the
 * password is one of the commonest (NIST SP 800-63B). Counted
 * per client address before the hash, so a burst cannot cost more than the limit's worth of argon2 work.
 */
export class RegisterUseCase {
  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordHasher,
    private readonly counters: RegistrationCounters,
  ) {}

  async execute({ username, password }: RegisterRequest, client: string): Promise<User> {
    // Refused like any invalid body: before it counts against the address.
    const problem = passwordProblem(password, username);
    if (problem) throw weakPassword(problem);

    const admission = await this.counters.admit(client);
    if (!admission.allowed)
      throw rateLimited('sign-ups from this address', admission.retryAfterSeconds);

    const user = { id: randomUUID(), username, passwordHash: await this.passwords.hash(password) };
    const inserted = await this.users.insert(
      { ...user, usernameKey: usernameKey(username) },
      new Date(),
    );
    if (!inserted) throw usernameTaken();
    return { id: user.id, username };
  }
}

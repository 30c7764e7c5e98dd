import { randomUUID } from 'node:crypto';
import type { RegisterRequest, User } from '@podlab/contracts';
import type { UsersRepository } from '../data-access/users-repository.js';
import { usernameTaken } from './auth-errors.js';
import type { PasswordHasher } from './password-hasher.js';
import { usernameKey } from './username-key.js';

/** Sign-up: a new user with an argon2id hash, unless the name is taken (ignoring case). */
export class RegisterUseCase {
  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordHasher,
  ) {}

  async execute({ username, password }: RegisterRequest): Promise<User> {
    const user = { id: randomUUID(), username, passwordHash: await this.passwords.hash(password) };
    const inserted = await this.users.insert(
      { ...user, usernameKey: usernameKey(username) },
      new Date(),
    );
    if (!inserted) throw usernameTaken();
    return { id: user.id, username };
  }
}

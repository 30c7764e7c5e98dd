import type { UsersRepository } from '../data-access/users-repository.js';
import { invalidRefreshToken, refreshTokenReused } from './auth-errors.js';
import { REFRESH_TOKEN_PATTERN, type IssuedSession, type Sessions } from './sessions.js';

/**
 * Refresh: exchange the cookie's token for a new one and a new access token; reuse ends the
 * session. A second use within the grace (two tabs at once) gets an access token only: the
 * browser already holds the successor the first use set.
 */
export class RefreshSessionUseCase {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: Sessions,
  ) {}

  async execute(presented: string | undefined): Promise<IssuedSession> {
    if (!presented) throw invalidRefreshToken('No refresh token: sign in');
    if (!REFRESH_TOKEN_PATTERN.test(presented))
      throw invalidRefreshToken('The refresh token is not valid: sign in again');

    const rotation = await this.sessions.rotate(presented);
    if (rotation.outcome === 'reused') throw refreshTokenReused();
    if (rotation.outcome !== 'rotated' && rotation.outcome !== 'recently-rotated')
      throw invalidRefreshToken(
        `The refresh token is ${rotation.outcome === 'unknown' ? 'not valid' : rotation.outcome}: sign in again`,
      );

    const user = await this.users.findById(rotation.userId);
    if (!user) throw invalidRefreshToken('The account no longer exists');
    return this.sessions.issue({ id: user.id, username: user.username }, rotation.refreshToken);
  }
}

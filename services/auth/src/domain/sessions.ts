import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { AuthSession, User } from '@podlab/contracts';
import type {
  RefreshTokensRepository,
  RotationOutcome,
} from '../data-access/refresh-tokens-repository.js';
import type { AccessTokens } from './access-tokens.js';

/** What login and refresh hand out: the contract's body, and the refresh token for the cookie. */
export interface IssuedSession {
  session: AuthSession;
  /** None when the browser already holds the newest one (a concurrent refresh within the grace). */
  refreshToken?: string;
  refreshTtlSeconds: number;
}

export interface RefreshTokenPolicy {
  ttlSeconds: number;
  /** How long a just-exchanged token still counts as a concurrent refresh rather than reuse. */
  reuseGraceSeconds: number;
}

/** 32 random bytes, base64url: the refresh token as the cookie carries it. */
export const REFRESH_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const hashRefreshToken = (token: string): Buffer =>
  createHash('sha256').update(token).digest();

/** Issues access tokens and refresh tokens; new families on sign-in, rotation on refresh. */
export class Sessions {
  constructor(
    private readonly accessTokens: AccessTokens,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly policy: RefreshTokenPolicy,
  ) {}

  /** A sign-in: a new refresh-token family. */
  async start(user: User): Promise<IssuedSession> {
    const now = new Date();
    const refreshToken = newRefreshToken();
    await this.refreshTokens.insert(
      {
        hash: hashRefreshToken(refreshToken),
        familyId: randomUUID(),
        userId: user.id,
        expiresAt: this.refreshExpiry(now),
      },
      now,
    );
    return this.issue(user, refreshToken);
  }

  /**
   * The next member of a family (its token only when this call rotated), or why there is none
   * (see RefreshTokensRepository.rotate).
   */
  async rotate(presented: string): Promise<RotationOutcome & { refreshToken?: string }> {
    const now = new Date();
    const refreshToken = newRefreshToken();
    const rotation = await this.refreshTokens.rotate(
      hashRefreshToken(presented),
      { hash: hashRefreshToken(refreshToken), expiresAt: this.refreshExpiry(now) },
      now,
      this.policy.reuseGraceSeconds * 1000,
    );
    return rotation.outcome === 'rotated' ? { ...rotation, refreshToken } : rotation;
  }

  async issue(user: User, refreshToken: string | undefined): Promise<IssuedSession> {
    const { accessToken, expiresIn } = await this.accessTokens.issue(user);
    return {
      session: { accessToken, tokenType: 'Bearer', expiresIn, user },
      refreshToken,
      refreshTtlSeconds: this.policy.ttlSeconds,
    };
  }

  revoke(presented: string): Promise<void> {
    return this.refreshTokens.revokeFamilyOf(hashRefreshToken(presented), new Date());
  }

  private refreshExpiry(now: Date): Date {
    return new Date(now.getTime() + this.policy.ttlSeconds * 1000);
  }
}

function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

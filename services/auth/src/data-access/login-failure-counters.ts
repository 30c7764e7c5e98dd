import type { Pool } from '@podlab/kit/db';
import type { RateLimiterMySQL, RateLimiterRes } from 'rate-limiter-flexible';
import { admitAll, mysqlLimiter, type Admission } from './mysql-rate-limits.js';

export interface LoginLimits {
  /** Failures for one account from one client address. */
  maxPerAccountAndClient: number;
  /** Failures for one account from all clients together: far above what one client may add. */
  maxPerAccount: number;
  /** Failures for names that do not exist, from one client address. */
  maxUnknownPerClient: number;
  windowSeconds: number;
}

/**
 * Login failure counts in MySQL (table `login_failures`, shared by every replica), as OWASP's
 * authentication guidance has them: per (account, client) pair, so a stranger's guesses lock
 * the stranger out and not the owner; per account over all clients, at a threshold one client
 * cannot reach alone (it stops at its pair limit), bounding a distributed attack; and failures
 * for names that do not exist apart, per client, so they lock no account. Each attempt is
 * counted before the password is checked, so parallel guesses cannot slip past a limit.
 */
export class LoginFailureCounters {
  private readonly byAccountAndClient: RateLimiterMySQL;
  private readonly byAccount: RateLimiterMySQL;
  private readonly unknownByClient: RateLimiterMySQL;

  constructor(pool: Pool, schema: string, limits: LoginLimits) {
    const store = { table: 'login_failures', windowSeconds: limits.windowSeconds };
    this.byAccountAndClient = mysqlLimiter(pool, schema, {
      ...store,
      keyPrefix: 'account-client',
      points: limits.maxPerAccountAndClient,
    });
    this.byAccount = mysqlLimiter(pool, schema, {
      ...store,
      keyPrefix: 'account',
      points: limits.maxPerAccount,
    });
    this.unknownByClient = mysqlLimiter(pool, schema, {
      ...store,
      keyPrefix: 'unknown-client',
      points: limits.maxUnknownPerClient,
    });
  }

  /**
   * An attempt on an existing account (by user id): counted for the pair and the account. A
   * client that spent its budget of unknown names is refused here too, or a 401 beside a 429
   * would tell it which names exist.
   */
  async admitAccount(userId: string, client: string): Promise<Admission> {
    const spent = await this.unknownNamesSpent(client);
    if (!spent.allowed) return spent;
    // The account-wide count only sees attempts the pair admitted: one client adds at most its
    // pair limit to it, however long it keeps trying.
    const pair = await admitAll([[this.byAccountAndClient, pairKey(userId, client)]]);
    if (!pair.allowed) return pair;
    return admitAll([[this.byAccount, userId]]);
  }

  /** An attempt on a name no account has: counted for the client only. */
  admitUnknown(client: string): Promise<Admission> {
    return admitAll([[this.unknownByClient, client]]);
  }

  /**
   * After a successful sign-in: this client starts afresh on this account, and the attempt is
   * taken off the account-wide count, which otherwise only expires (signing in does not reopen
   * a distributed attack's budget).
   */
  async succeeded(userId: string, client: string): Promise<void> {
    await Promise.all([
      this.byAccountAndClient.delete(pairKey(userId, client)),
      this.byAccount.reward(userId, 1),
    ]);
  }

  private async unknownNamesSpent(client: string): Promise<Admission> {
    const counted: RateLimiterRes | null = await this.unknownByClient.get(client);
    if (!counted || counted.remainingPoints > 0) return { allowed: true };
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil(counted.msBeforeNext / 1000)),
    };
  }
}

/** A user id is a UUID, so the space cannot be forged into another pair's key. */
const pairKey = (userId: string, client: string) => `${userId} ${client}`;

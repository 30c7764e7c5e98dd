import { createHash } from 'node:crypto';
import type { Pool } from '@podlab/kit/db';
import type { RateLimiterMySQL, RateLimiterRes } from 'rate-limiter-flexible';
import { admitAll, mysqlLimiter, type Admission } from '@podlab/kit/rate-limit';

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
   * An attempt on an existing account (by user id): counted for the pair, then, if the pair
   * admitted it, for the account — so one client adds at most its pair limit to the account,
   * however long it keeps trying.
   */
  admitAccount(userId: string, client: string): Promise<Admission> {
    return this.admit(
      client,
      [this.byAccountAndClient, pairKey(userId, client)],
      [this.byAccount, userId],
    );
  }

  /**
   * An attempt on a name no account has: counted like an account's — per (name, client), then
   * in the client's budget of unknown names — so the answers and the work (the same round
   * trips) are the same whether the name exists or not, and no account is touched.
   */
  admitUnknown(nameKey: string, client: string): Promise<Admission> {
    const name = `name:${createHash('sha256').update(nameKey).digest('base64url')}`;
    return this.admit(
      client,
      [this.byAccountAndClient, pairKey(name, client)],
      [this.unknownByClient, client],
    );
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

  /**
   * A client that spent its budget of unknown names is refused for every name: a 401 beside a
   * 429 would tell it which names exist.
   */
  private async admit(
    client: string,
    pair: [RateLimiterMySQL, string],
    wider: [RateLimiterMySQL, string],
  ): Promise<Admission> {
    const [spent, byPair] = await Promise.all([this.unknownNamesSpent(client), admitAll([pair])]);
    if (!spent.allowed) return spent;
    if (!byPair.allowed) return byPair;
    return admitAll([wider]);
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

/** A user id (a UUID) or a hashed name: neither holds a space, so no pair key can be forged into another. */
const pairKey = (account: string, client: string) => `${account} ${client}`;

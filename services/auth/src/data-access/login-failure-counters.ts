import type { Pool } from '@podlab/kit/db';
import { RateLimiterMySQL, RateLimiterRes } from 'rate-limiter-flexible';

export interface LoginLimits {
  maxPerAccount: number;
  maxPerClient: number;
  windowSeconds: number;
}

/** The attempt may go ahead, or must wait this long. */
export type Admission = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Login attempt counts per client address and per account, in MySQL (table `login_failures`),
 * so every auth replica sees the same counts: rate-limiter-flexible's MySQL store, whose
 * upsert-then-read in one transaction is atomic on MySQL and MariaDB alike.
 * Each attempt is counted before the password is checked (so parallel guesses cannot slip
 * past the limit); a successful sign-in gives the client's point back and clears the account's.
 */
export class LoginFailureCounters {
  private readonly byClient: RateLimiterMySQL;
  private readonly byAccount: RateLimiterMySQL;

  constructor(pool: Pool, schema: string, limits: LoginLimits) {
    const store = {
      // The library speaks the callback API: the promise pool's underlying pool.
      storeClient: pool.pool,
      storeType: 'pool',
      dbName: schema,
      tableName: 'login_failures',
      tableCreated: true,
      duration: limits.windowSeconds,
    };
    this.byClient = new RateLimiterMySQL({
      ...store,
      keyPrefix: 'client',
      points: limits.maxPerClient,
    });
    this.byAccount = new RateLimiterMySQL({
      ...store,
      keyPrefix: 'account',
      points: limits.maxPerAccount,
    });
  }

  /** Counts one attempt against both; refused when either is over its limit. */
  async admit(client: string, account: string): Promise<Admission> {
    const results = await Promise.allSettled([
      this.byClient.consume(client),
      this.byAccount.consume(account),
    ]);
    let waitMs = 0;
    for (const result of results) {
      if (result.status === 'fulfilled') continue;
      if (!(result.reason instanceof RateLimiterRes)) throw result.reason;
      waitMs = Math.max(waitMs, result.reason.msBeforeNext);
    }
    return waitMs > 0 || results.some((r) => r.status === 'rejected')
      ? { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) }
      : { allowed: true };
  }

  /** After a successful sign-in: the attempt does not count against the client, and the account starts afresh. */
  async succeeded(client: string, account: string): Promise<void> {
    await Promise.all([this.byClient.reward(client, 1), this.byAccount.delete(account)]);
  }
}

import type { Pool } from '@podlab/kit/db';
import type { RateLimiterMySQL } from 'rate-limiter-flexible';
import { admitAll, mysqlLimiter, type Admission } from './mysql-rate-limits.js';

export interface LoginLimits {
  maxPerAccount: number;
  maxPerClient: number;
  windowSeconds: number;
}

/**
 * Login attempt counts per client address and per account, in MySQL (table `login_failures`,
 * shared by every replica). Each attempt is counted before the password is checked (so
 * parallel guesses cannot slip past the limit); a successful sign-in gives the client's point
 * back and clears the account's.
 */
export class LoginFailureCounters {
  private readonly byClient: RateLimiterMySQL;
  private readonly byAccount: RateLimiterMySQL;

  constructor(pool: Pool, schema: string, limits: LoginLimits) {
    const store = { table: 'login_failures', windowSeconds: limits.windowSeconds };
    this.byClient = mysqlLimiter(pool, schema, {
      ...store,
      keyPrefix: 'client',
      points: limits.maxPerClient,
    });
    this.byAccount = mysqlLimiter(pool, schema, {
      ...store,
      keyPrefix: 'account',
      points: limits.maxPerAccount,
    });
  }

  /** Counts one attempt against both; refused when either is over its limit. */
  admit(client: string, account: string): Promise<Admission> {
    return admitAll([
      [this.byClient, client],
      [this.byAccount, account],
    ]);
  }

  /** After a successful sign-in: the attempt does not count against the client, and the account starts afresh. */
  async succeeded(client: string, account: string): Promise<void> {
    await Promise.all([this.byClient.reward(client, 1), this.byAccount.delete(account)]);
  }
}

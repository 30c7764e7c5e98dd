import type { Pool } from '@podlab/kit/db';
import type { RateLimiterMySQL } from 'rate-limiter-flexible';
import { admitAll, mysqlLimiter, type Admission } from '@podlab/kit/rate-limit';

export interface RegistrationLimits {
  maxPerClient: number;
  windowSeconds: number;
}

/**
 * Sign-up attempts per client address, in MySQL (table `registration_attempts`, shared by
 * every replica). Every attempt counts, a taken name too: each costs an argon2 hash and tells
 * whether a name exists, so a refund would reopen both.
 */
export class RegistrationCounters {
  private readonly byClient: RateLimiterMySQL;

  constructor(pool: Pool, schema: string, limits: RegistrationLimits) {
    this.byClient = mysqlLimiter(pool, schema, {
      table: 'registration_attempts',
      keyPrefix: 'client',
      points: limits.maxPerClient,
      windowSeconds: limits.windowSeconds,
    });
  }

  admit(client: string): Promise<Admission> {
    return admitAll([[this.byClient, client]]);
  }
}

import type { Pool } from '@podlab/kit/db';
import { admitAll, mysqlLimiter, type Admission, type MysqlLimiter } from '@podlab/kit/rate-limit';

export interface RateLimit {
  max: number;
  windowSeconds: number;
}

export interface UserRateLimitsOptions {
  rooms: RateLimit;
  messages: RateLimit;
}

/**
 * Rooms created and messages posted per user, counted in chat's database (table `rate_limits`)
 * so every replica adds to the same count: a user cannot multiply their quota by the number of
 * pods the Service spreads them over.
 */
export class UserRateLimits {
  private readonly rooms: MysqlLimiter;
  private readonly messages: MysqlLimiter;

  constructor(
    pool: Pool,
    schema: string,
    readonly limits: UserRateLimitsOptions,
  ) {
    const limiter = (keyPrefix: string, { max, windowSeconds }: RateLimit) =>
      mysqlLimiter(pool, schema, { table: 'rate_limits', keyPrefix, points: max, windowSeconds });
    this.rooms = limiter('rooms', limits.rooms);
    this.messages = limiter('messages', limits.messages);
  }

  admitRoom(userId: string): Promise<Admission> {
    return admitAll([[this.rooms, userId]]);
  }

  admitMessage(userId: string): Promise<Admission> {
    return admitAll([[this.messages, userId]]);
  }
}

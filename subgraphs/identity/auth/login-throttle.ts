import { createHash } from 'node:crypto';
import type { Redis } from '../../../internal/redis.js';
import { RateLimited } from '../../../internal/errors.js';

export interface ThrottleLimits {
  keyPrefix: string;
  perEmail: number;
  perIp: number;
  windowSeconds: number;
}

const digest = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 32);

/**
 * Counts failed logins per e-mail and per IP in a fixed window. Over the
 * limit, login is refused with RATE_LIMITED before the password is checked.
 */
export class LoginThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly limits: ThrottleLimits,
  ) {}

  private key(kind: string, value: string): string {
    return `${this.limits.keyPrefix}:identity:login-fail:${kind}:${digest(value)}`;
  }

  async assertAllowed(email: string, ip: string): Promise<void> {
    const [emailCount, ipCount] = await this.redis.mget(this.key('email', email), this.key('ip', ip));
    if (Number(emailCount ?? 0) >= this.limits.perEmail || Number(ipCount ?? 0) >= this.limits.perIp) {
      const ttl = await this.redis.ttl(Number(emailCount ?? 0) >= this.limits.perEmail ? this.key('email', email) : this.key('ip', ip));
      throw RateLimited(Math.max(ttl, 1));
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const multi = this.redis.multi();
    for (const k of [this.key('email', email), this.key('ip', ip)]) {
      multi.incr(k);
      multi.expire(k, this.limits.windowSeconds, 'NX');
    }
    await multi.exec();
  }

  async recordSuccess(email: string): Promise<void> {
    await this.redis.del(this.key('email', email));
  }
}

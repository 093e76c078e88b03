import type { Redis } from './redis.js';

// INCR the window's counter, start its expiry on the first hit, return count and ms left.
const SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { count, redis.call('PTTL', KEYS[1]) }`;

export interface RateDecision {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

/** Fixed-window counters in Redis, shared by every replica. */
export class RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly windowSeconds: number,
  ) {}

  async hit(key: string, limit: number): Promise<RateDecision> {
    const [count, ttl] = (await this.redis.eval(SCRIPT, 1, `${this.prefix}:${key}`, String(this.windowSeconds * 1000))) as [number, number];
    return {
      allowed: count <= limit,
      remaining: Math.max(limit - count, 0),
      retryAfterSeconds: Math.max(Math.ceil(ttl / 1000), 1),
    };
  }
}

import { QuotaExceeded } from '../../internal/errors.js';
import type { QuotaPort } from '../../internal/quota/quota.js';
import type { Redis } from '../../internal/redis.js';

// INCRBY, and undo it when it overshoots: atomic in one script.
const RESERVE = `
local used = redis.call('INCRBY', KEYS[1], ARGV[1])
if used == tonumber(ARGV[1]) then redis.call('EXPIRE', KEYS[1], 3024000) end
if used > tonumber(ARGV[2]) then redis.call('DECRBY', KEYS[1], ARGV[1]) return -1 end
return used`;

/** Until the billing subgraph lands: a monthly per-org message limit from config. */
export function interimMessageQuota(redis: Redis, prefix: string, limit: number): QuotaPort {
  return {
    async reserve({ orgId, amount }) {
      const month = new Date().toISOString().slice(0, 7);
      const key = `${prefix}:conversation:interim-quota:${orgId}:${month}`;
      const used = Number(await redis.eval(RESERVE, 1, key, String(amount), String(limit)));
      if (used < 0) throw QuotaExceeded(`Monthly message limit of ${limit} reached`, { limit: 'messages', max: limit });
      return { release: async () => void (await redis.decrby(key, amount)) };
    },
  };
}

import { Redis } from 'ioredis';

export { Redis };

/**
 * A Redis connection. `forQueues` connections never give up on a command
 * (BullMQ blocking calls need maxRetriesPerRequest: null).
 */
export function createRedis(url: string, options: { name?: string; forQueues?: boolean } = {}): Redis {
  return new Redis(url, {
    connectionName: options.name,
    maxRetriesPerRequest: options.forQueues ? null : 3,
    enableReadyCheck: true,
    lazyConnect: false,
  });
}

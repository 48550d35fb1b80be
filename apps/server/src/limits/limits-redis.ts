import { Redis } from 'ioredis';
import type { Logger } from '../log.ts';

/**
 * The Redis connection rate limits count on. Commands fail fast while Redis is away (no
 * offline queue): the limiters then count in memory until it is back.
 */
export function openLimitsRedis(url: string, logger: Logger): { client: Redis; close(): Promise<void> } {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 5_000),
  });
  let down = false;
  client.on('error', (error: Error) => {
    if (!down) logger.warn(`redis (rate limits) unavailable, counting in memory: ${error.message}`);
    down = true;
  });
  client.on('ready', () => {
    if (down) logger.info('redis (rate limits) reconnected');
    down = false;
  });
  return {
    client,
    async close() {
      client.disconnect();
    },
  };
}

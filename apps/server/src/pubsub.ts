import { setMaxListeners } from 'node:events';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import type {
  LiveCategoryEvent,
  LivePresenceEvent,
  LiveTokenEvent,
  LiveTopicEvent,
  LiveUserEvent,
  RealtimePubSub,
} from '@parley/schema/realtime/events';
import { createPubSub } from 'graphql-yoga';
import { Redis } from 'ioredis';
import type { Logger } from './log.ts';

export interface ParleyPubSub {
  pubsub: RealtimePubSub;
  /** Where events travel: this process, or Redis (any number of instances). */
  readonly transport: 'in-process' | 'redis';
  close(): Promise<void>;
}

type Channels = {
  topic: [topicId: number, event: LiveTopicEvent];
  category: [categoryId: number | 'all', event: LiveCategoryEvent];
  user: [userId: number, event: LiveUserEvent];
  presence: [topicId: number, event: LivePresenceEvent];
  token: [tokenId: number, event: LiveTokenEvent];
};

/**
 * Live events between server instances. Without REDIS_URL they stay in this process. With it
 * they go through Redis pub/sub, so any instance delivers any instance's events. Redis going
 * away never fails a write: ioredis reconnects (with backoff) and resubscribes by itself,
 * publishes made meanwhile are lost to live delivery only, and subscribers catch up from the
 * stored topic events with `after`.
 */
export function createParleyPubSub(redisUrl: string | undefined, logger: Logger): ParleyPubSub {
  if (!redisUrl) {
    // One listener per subscription: a busy topic has hundreds, which is not a leak.
    const local = new EventTarget();
    setMaxListeners(0, local);
    return {
      pubsub: createPubSub<Channels>({ eventTarget: local }) as RealtimePubSub,
      transport: 'in-process',
      close: async () => {},
    };
  }
  // Commands wait (in ioredis's offline queue) while Redis is away and flush when it is back.
  const options = { retryStrategy: (attempt: number) => Math.min(attempt * 200, 5_000) };
  const publishClient = new Redis(redisUrl, options);
  const subscribeClient = new Redis(redisUrl, options);
  let down = false;
  for (const [name, client] of [
    ['publish', publishClient],
    ['subscribe', subscribeClient],
  ] as const) {
    client.on('error', (error: Error) => {
      if (!down) logger.warn(`redis (${name}) unavailable, live events paused: ${error.message}`);
      down = true;
    });
    client.on('ready', () => {
      if (down) logger.info(`redis (${name}) reconnected, live events resume`);
      down = false;
    });
  }
  const eventTarget = createRedisEventTarget<CustomEvent>({
    publishClient: guarded(publishClient, logger),
    subscribeClient: guarded(subscribeClient, logger),
  });
  return {
    pubsub: createPubSub<Channels>({ eventTarget }) as RealtimePubSub,
    transport: 'redis',
    async close() {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  };
}

/**
 * The event target fires PUBLISH/SUBSCRIBE without handling their promises; a command that
 * fails (Redis gone for too long, shutting down) would be an unhandled rejection, which ends
 * the process. This catches and logs them instead.
 */
function guarded(client: Redis, logger: Logger): Redis {
  const commands = new Set<PropertyKey>(['publish', 'subscribe', 'unsubscribe']);
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (!commands.has(property)) return value.bind(target);
      return (...args: unknown[]) =>
        (value.apply(target, args) as Promise<unknown>).catch((error: unknown) => {
          logger.warn(
            `redis ${String(property)} failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        });
    },
  });
}

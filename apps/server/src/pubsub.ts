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
  /**
   * How many subscriptions on this instance receive a channel's events (`topic:12`, `user:3`,
   * `category:all`). With Redis, a channel counts once Redis has confirmed it: an event
   * published from then on reaches them.
   */
  listeners(channel: string): number;
  /** What `/health` says of live events. */
  status(): RealtimeHealth;
  /**
   * Calls `listener` each time live delivery resumes after Redis was lost, once this instance's
   * channels are subscribed again: whatever was published meanwhile never arrived here. Returns
   * the function that stops listening. In-process delivery loses nothing and never calls it.
   */
  onResumed(listener: () => void): () => void;
  close(): Promise<void>;
}

export interface RealtimeHealth {
  transport: ParleyPubSub['transport'];
  /** `down` while Redis is unreachable: writes go on, live delivery waits for it. */
  status: 'up' | 'down';
  /**
   * Live executions listening on this instance: subscribers who share one execution (same
   * operation, variables and rights) count once.
   */
  listeners: number;
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
    const counted = new CountedTarget(local);
    return {
      pubsub: createPubSub<Channels>({ eventTarget: counted }) as RealtimePubSub,
      transport: 'in-process',
      listeners: (channel) => counted.count(channel),
      status: () => ({ transport: 'in-process', status: 'up', listeners: counted.total() }),
      onResumed: () => () => {},
      close: async () => {},
    };
  }
  // Commands wait (in ioredis's offline queue) while Redis is away and flush when it is back.
  const options = { retryStrategy: (attempt: number) => Math.min(attempt * 200, 5_000) };
  const publishClient = new Redis(redisUrl, options);
  const subscribeClient = new Redis(redisUrl, options);
  // Clients without a connection now (both until they first connect), and those whose loss was logged.
  const down = new Set<string>(['publish', 'subscribe']);
  const warned = new Set<string>();
  for (const [name, client] of [
    ['publish', publishClient],
    ['subscribe', subscribeClient],
  ] as const) {
    client.on('close', () => down.add(name));
    client.on('error', (error: Error) => {
      down.add(name);
      if (!warned.has(name)) logger.warn(`redis (${name}) unavailable, live events paused: ${error.message}`);
      warned.add(name);
    });
    client.on('ready', () => {
      down.delete(name);
      if (warned.delete(name)) logger.info(`redis (${name}) reconnected, live events resume`);
    });
  }
  const resumed = new Set<() => void>();
  watchResumption(subscribeClient, logger, () => {
    for (const listener of resumed) listener();
  });
  // Channels Redis has confirmed, in the order it answered (SUBSCRIBE and UNSUBSCRIBE replies keep order).
  const confirmed = new Set<string>();
  const eventTarget = new CountedTarget(
    createRedisEventTarget<CustomEvent>({
      publishClient: guarded(publishClient, logger),
      subscribeClient: guarded(subscribeClient, logger, {
        subscribe: (channel) => confirmed.add(channel),
        unsubscribe: (channel) => confirmed.delete(channel),
      }),
    }),
  );
  return {
    pubsub: createPubSub<Channels>({ eventTarget }) as RealtimePubSub,
    transport: 'redis',
    listeners: (channel) => (confirmed.has(channel) ? eventTarget.count(channel) : 0),
    status: () => ({
      transport: 'redis',
      status: down.size > 0 ? 'down' : 'up',
      listeners: eventTarget.total(),
    }),
    onResumed(listener) {
      resumed.add(listener);
      return () => resumed.delete(listener);
    },
    async close() {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  };
}

/**
 * Calls `resumed` when the subscriber connection is back after a loss and has subscribed to its
 * channels again. ioredis says `ready` before it resubscribes (in the same tick), so a PING sent
 * on the next tick is answered after the SUBSCRIBE: Redis replies in order.
 */
function watchResumption(client: Redis, logger: Logger, resumed: () => void): void {
  let connected = false;
  let missed = false;
  client.on('close', () => {
    if (connected) missed = true;
  });
  client.on('ready', () => {
    connected = true;
    if (!missed) return;
    process.nextTick(() => {
      client.ping().then(
        () => {
          // Lost again before the answer: the next `ready` tries again.
          if (!missed || client.status !== 'ready') return;
          missed = false;
          resumed();
        },
        (error: Error) =>
          logger.warn(`redis (subscribe) did not answer after reconnecting: ${error.message}`),
      );
    });
  });
}

/**
 * The event target fires PUBLISH/SUBSCRIBE without handling their promises; a command that
 * fails (Redis gone for too long, shutting down) would be an unhandled rejection, which ends
 * the process. This catches and logs them instead.
 */
function guarded(
  client: Redis,
  logger: Logger,
  answered: Partial<Record<'subscribe' | 'unsubscribe', (channel: string) => void>> = {},
): Redis {
  const commands = new Set<PropertyKey>(['publish', 'subscribe', 'unsubscribe']);
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (!commands.has(property)) return value.bind(target);
      const then = answered[property as keyof typeof answered];
      return (...args: unknown[]) =>
        (value.apply(target, args) as Promise<unknown>).then(
          () => then?.(String(args[0])),
          (error: unknown) => {
            logger.warn(
              `redis ${String(property)} failed: ${error instanceof Error ? error.message : String(error)}`,
            );
          },
        );
    },
  });
}

/**
 * An event target that knows each channel's listeners, so an instance can say how many live
 * subscriptions it holds and whether a channel has any (every subscription listens with a
 * function of its own).
 */
const isSocketWatch = (channel: string) => channel.startsWith('token:') || channel.startsWith('access:');

class CountedTarget implements EventTarget {
  readonly #inner: EventTarget;
  readonly #listeners = new Map<string, Set<EventListenerOrEventListenerObject>>();
  #total = 0;

  constructor(inner: EventTarget) {
    this.#inner = inner;
  }

  count(channel: string): number {
    return this.#listeners.get(channel)?.size ?? 0;
  }

  /** Live executions: the sockets' own watches (a token's revocation, a person's rights) are not. */
  total(): number {
    return this.#total;
  }

  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void {
    if (!listener) return;
    let listening = this.#listeners.get(type);
    if (!listening) {
      listening = new Set();
      this.#listeners.set(type, listening);
    }
    if (listening.has(listener)) return;
    listening.add(listener);
    if (!isSocketWatch(type)) this.#total++;
    this.#inner.addEventListener(type, listener);
  }

  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void {
    const listening = listener ? this.#listeners.get(type) : undefined;
    if (!listener || !listening?.delete(listener)) return;
    if (listening.size === 0) this.#listeners.delete(type);
    if (!isSocketWatch(type)) this.#total--;
    this.#inner.removeEventListener(type, listener);
  }

  dispatchEvent(event: Event): boolean {
    return this.#inner.dispatchEvent(event);
  }
}

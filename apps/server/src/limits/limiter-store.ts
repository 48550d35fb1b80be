import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

export interface LimiterOptions {
  /** Namespaces the counters: one per policy. */
  keyPrefix: string;
  /** Attempts allowed per window. */
  points: number;
  /** The window, in seconds. */
  duration: number;
}

/** A fixed-window counter, in this process or shared by every instance through Redis. */
export type Limiter = RateLimiterMemory | RateLimiterRedis;

/**
 * In memory without Redis. With Redis the counters are shared, so a limit holds across any
 * number of instances; while Redis is unreachable each instance falls back to its own memory
 * counters rather than failing requests or letting them through uncounted.
 */
export function createLimiter(options: LimiterOptions, redis: Redis | undefined): Limiter {
  if (!redis) return new RateLimiterMemory(options);
  return new RateLimiterRedis({
    ...options,
    storeClient: redis,
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory(options),
  });
}

/** What one attempt left: allowed or not, and the figures for rate-limit headers. */
export interface LimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (at least 1). */
  resetSeconds: number;
}

/** Counts one attempt; a rejection is an answer, other errors propagate. */
export async function consume(limiter: Limiter, key: string, points: number): Promise<LimitDecision> {
  try {
    const state = await limiter.consume(key);
    return { allowed: true, limit: points, remaining: state.remainingPoints, resetSeconds: seconds(state) };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes)
      return { allowed: false, limit: points, remaining: 0, resetSeconds: seconds(rejection) };
    throw rejection;
  }
}

const seconds = (state: RateLimiterRes) => Math.max(1, Math.ceil(state.msBeforeNext / 1000));

import type { RateLimitPolicy, RateLimits } from '@parley/schema/context';
import type { Redis } from 'ioredis';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { createLimiter } from './limits/limiter-store.ts';

/** Attempts allowed per window, per policy. Generous for people, tight for scripts. */
const policies: Record<RateLimitPolicy, { points: number; duration: number }> = {
  // Per account: 10 wrong passwords in 15 minutes, then wait.
  'sign-in-account': { points: 10, duration: 15 * 60 },
  // Per address: 30 failed attempts in 15 minutes across accounts (an office shares one address,
  // so a sign-in that succeeds gives its attempt back).
  'sign-in-address': { points: 30, duration: 15 * 60 },
  'sign-up-address': { points: 20, duration: 60 * 60 },
};

/** In-process limits: right for one server. */
export function createMemoryRateLimits(): RateLimits {
  return createRateLimits(undefined);
}

/** With Redis the counters are shared by every instance, so 10 attempts mean 10 in total. */
export function createRateLimits(redis: Redis | undefined, namespace = 'parley'): RateLimits {
  const limiters = new Map(
    Object.entries(policies).map(([policy, options]) => [
      policy as RateLimitPolicy,
      createLimiter({ keyPrefix: redis ? `${namespace}:rl:${policy}` : policy, ...options }, redis),
    ]),
  );
  const limiter = (policy: RateLimitPolicy) => {
    const found = limiters.get(policy);
    if (!found) throw new Error(`Unknown rate limit policy ${policy}`);
    return found;
  };
  return {
    async consume(policy, key) {
      try {
        await limiter(policy).consume(key);
        return null;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        throw rejection;
      }
    },
    async peek(policy, key) {
      const state = await limiter(policy).get(key);
      if (!state || state.consumedPoints < policies[policy].points) return null;
      return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
    },
    async reset(policy, key) {
      await limiter(policy).delete(key);
    },
    async refund(policy, key) {
      // Only within the window that counted it: a new window starts from nothing, not from -1.
      if (((await limiter(policy).get(key))?.consumedPoints ?? 0) > 0) await limiter(policy).reward(key, 1);
    },
  };
}

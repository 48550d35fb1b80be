import type { Viewer } from '@parley/schema/context';
import type { Redis } from 'ioredis';
import type { RateLimitsConfig } from '../env.ts';
import { consume, createLimiter, type LimitDecision } from './limiter-store.ts';

/** Whose budget a request spends: its API token, its person (a session) or its address (anonymous). */
export type RequestAudience = 'token' | 'session' | 'anonymous';

export interface RequestLimits {
  /** Counts one GraphQL operation (an HTTP request or a graphql-ws subscribe). */
  consume(viewer: Viewer | null, address: string): Promise<LimitDecision & { audience: RequestAudience }>;
}

const WINDOW_SECONDS = 60;

/**
 * Per-minute budgets on /graphql: every API token has its own, every signed-in person
 * theirs, and anonymous clients share one per address.
 */
export function createRequestLimits(
  config: RateLimitsConfig | undefined,
  redis: Redis | undefined,
  namespace = 'parley',
): RequestLimits {
  if (!config) return unlimited;
  const points: Record<RequestAudience, number> = {
    token: config.tokenPerMinute,
    session: config.sessionPerMinute,
    anonymous: config.anonymousPerMinute,
  };
  const limiters = {
    token: createLimiter(
      { keyPrefix: `${namespace}:rl:token`, points: points.token, duration: WINDOW_SECONDS },
      redis,
    ),
    session: createLimiter(
      { keyPrefix: `${namespace}:rl:session`, points: points.session, duration: WINDOW_SECONDS },
      redis,
    ),
    anonymous: createLimiter(
      { keyPrefix: `${namespace}:rl:anonymous`, points: points.anonymous, duration: WINDOW_SECONDS },
      redis,
    ),
  };
  return {
    async consume(viewer, address) {
      const [audience, key]: [RequestAudience, string] = viewer?.token
        ? ['token', String(viewer.token.id)]
        : viewer
          ? ['session', String(viewer.id)]
          : ['anonymous', address];
      return { ...(await consume(limiters[audience], key, points[audience])), audience };
    },
  };
}

/** No budgets at all (a hand-built Config without `rateLimits`): no headers either. */
const unlimited: RequestLimits = {
  consume: async () => ({
    allowed: true,
    limit: Number.POSITIVE_INFINITY,
    remaining: Number.POSITIVE_INFINITY,
    resetSeconds: 0,
    audience: 'anonymous',
  }),
};

/** The IETF draft's rate-limit headers (RateLimit-Limit, -Remaining, -Reset, -Policy), plus Retry-After when refused. */
export function rateLimitHeaders(decision: LimitDecision): Record<string, string> {
  if (!Number.isFinite(decision.limit)) return {};
  return {
    'ratelimit-limit': String(decision.limit),
    'ratelimit-remaining': String(decision.remaining),
    'ratelimit-reset': String(decision.resetSeconds),
    'ratelimit-policy': `${decision.limit};w=${WINDOW_SECONDS}`,
    ...(decision.allowed ? {} : { 'retry-after': String(decision.resetSeconds) }),
  };
}

/** The message of a refused operation; the same over HTTP (429) and graphql-ws. */
export function rateLimitedMessage(seconds: number): string {
  return `Too many requests. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`;
}

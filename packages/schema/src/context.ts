import type { UserKind, UserRole } from '@parley/prisma/enums';
import type { RealtimePubSub } from './realtime/events.ts';

/** Who is asking. Anonymous requests have no viewer. */
export interface Viewer {
  id: number;
  handle: string;
  kind: UserKind;
  role: UserRole;
  /** The session the request came with, so `signOut` can end it; absent for API tokens. */
  sessionId?: number;
}

/** The services the schema needs from the process that serves it; the server provides them. */
export interface Services {
  clock: Clock;
  limits: RateLimits;
  /** Live events between server instances: in process, or through Redis. */
  pubsub: RealtimePubSub;
  /** Told when an event could not be published (the write itself has committed). */
  onPublishError?: (error: unknown) => void;
}

/** Throttles repeated attempts (sign-in); in memory, or shared through Redis across instances. */
export interface RateLimits {
  /**
   * Counts one attempt against `key` (e.g. `sign-in:account:42`) within the named policy.
   * @returns null when allowed, else the seconds to wait.
   */
  consume(policy: RateLimitPolicy, key: string): Promise<number | null>;
  /** Without counting an attempt: null when `key` may try now, else the seconds to wait. */
  peek(policy: RateLimitPolicy, key: string): Promise<number | null>;
  /** Forgets the attempts against `key`, e.g. after a successful sign-in. */
  reset(policy: RateLimitPolicy, key: string): Promise<void>;
}

export type RateLimitPolicy = 'sign-in-account' | 'sign-in-address' | 'sign-up-address';

/** Time, injectable so tests need not wait for it. */
export interface Clock {
  now(): Date;
}

export interface Context {
  viewer: Viewer | null;
  /** Names the request in logs and in masked error messages. */
  requestId: string;
  services: Services;
  /** The client's address as the server sees it, for per-address limits. */
  clientAddress: string;
  userAgent: string | null;
  /** Tells the transport the request signed in (a token) or out (null), so a cookie can follow. */
  sessionChanged(token: string | null): void;
}

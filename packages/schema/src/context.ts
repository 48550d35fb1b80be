import type { UserKind, UserRole } from '@parley/prisma/enums';
import type { RealtimePubSub } from './realtime/events.ts';
import type { SearchService } from './search/service.ts';

/** Who is asking. Anonymous requests have no viewer. */
export interface Viewer {
  id: number;
  handle: string;
  kind: UserKind;
  role: UserRole;
  /** The session the request came with, so `signOut` can end it; absent for API tokens. */
  sessionId?: number;
  /**
   * Set when the request came with a personal API token: what the token may do. A session
   * speaks fully for its person; a token reads internal and hidden content only with
   * `read:internal` and writes only with `write`.
   */
  token?: { id: number; scopes: readonly ApiTokenScope[] };
}

/** What an API token may do: read (always), write (act as the owner), read:internal (employees only). */
export type ApiTokenScope = 'read' | 'write' | 'read:internal';

/** Checks a webhook's delivery address; the server supplies it with its own SSRF settings. */
export interface WebhookTargets {
  /** @returns null when deliveries may go to `url`, else why not (for a ValidationError). */
  check(url: string): Promise<string | null>;
}

/** The services the schema needs from the process that serves it; the server provides them. */
export interface Services {
  clock: Clock;
  limits: RateLimits;
  /** Live events between server instances: in process, or through Redis. */
  pubsub: RealtimePubSub;
  /** Told when an event could not be published (the write itself has committed). */
  onPublishError?: (error: unknown) => void;
  /** Full-text search: Postgres in the same database, or Meilisearch. Required by `search`. */
  search?: SearchService;
  /** Validates webhook URLs; without it only the scheme and shape are checked. */
  webhookTargets?: WebhookTargets;
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
  /** Gives back the one attempt just counted against `key`: it turned out not to be one to limit. */
  refund(policy: RateLimitPolicy, key: string): Promise<void>;
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

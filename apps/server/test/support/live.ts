import type { TadaDocumentNode } from 'gql.tada';
import { print } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { App } from '../../src/app.ts';

/** A real graphql-ws client over a real socket, collecting what each subscription receives. */
export interface LiveClient {
  readonly client: Client;
  subscribe<Data, Variables extends Record<string, unknown>>(
    document: TadaDocumentNode<Data, Variables>,
    variables: Variables,
  ): Subscription<Data>;
  close(): Promise<void>;
}

export interface Subscription<Data> {
  readonly received: Data[];
  readonly errors: unknown[];
  /** Resolves once `count` results have arrived (fails the test after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<Data[]>;
  /** Resolves with the errors once the subscription has failed (fails the test after `timeoutMs`). */
  failure(timeoutMs?: number): Promise<unknown[]>;
  stop(): void;
}

export function liveClient(httpUrl: string, token: string | null): LiveClient {
  const url = httpUrl.replace(/^http/, 'ws');
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: token ? { token } : {},
    retryAttempts: 0,
    lazy: false,
    // Closures reach the tests through `closed` and the subscriptions' errors; do not also log them.
    onNonLazyError: () => {},
  });
  return {
    client,
    subscribe(document, variables) {
      const received: unknown[] = [];
      const errors: unknown[] = [];
      const waiters: (() => void)[] = [];
      const stop = client.subscribe(
        { query: print(document), variables },
        {
          next: (result) => {
            if (result.errors) errors.push(...result.errors);
            if (result.data) received.push(result.data);
            for (const wake of waiters.splice(0)) wake();
          },
          error: (error) => {
            errors.push(error);
            for (const wake of waiters.splice(0)) wake();
          },
          complete: () => {},
        },
      );
      return {
        received: received as never,
        errors,
        stop,
        async waitFor(count, timeoutMs = 5_000) {
          const deadline = Date.now() + timeoutMs;
          while (received.length < count) {
            if (errors.length > 0) throw new Error(`subscription failed: ${JSON.stringify(errors)}`);
            const left = deadline - Date.now();
            if (left <= 0)
              throw new Error(
                `expected ${count} events, got ${received.length}: ${JSON.stringify(received)}`,
              );
            await new Promise<void>((resolve) => {
              waiters.push(resolve);
              setTimeout(resolve, Math.min(left, 200));
            });
          }
          return received as never;
        },
        async failure(timeoutMs = 5_000) {
          const deadline = Date.now() + timeoutMs;
          while (errors.length === 0) {
            const left = deadline - Date.now();
            if (left <= 0)
              throw new Error(`expected the subscription to fail, got ${JSON.stringify(received)}`);
            await new Promise<void>((resolve) => {
              waiters.push(resolve);
              setTimeout(resolve, Math.min(left, 200));
            });
          }
          return errors;
        },
      };
    },
    close: () => client.dispose() as Promise<void>,
  };
}

/**
 * Resolves once `check` holds, asking every `everyMs`; fails the test after `timeoutMs` with
 * `state()`, what was seen instead.
 */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  state: () => string,
  { timeoutMs = 5_000, everyMs = 20 } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`still ${state()} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * Resolves once `count` subscriptions on the server listen on `channel` (`topic:12`,
 * `user:3`, `category:all`): from then on an event published there reaches them, so a test
 * triggers it without guessing how long subscribing takes.
 */
export const listening = (app: App, channel: string, count = 1, timeoutMs = 5_000) =>
  eventually(
    () => app.realtime.listeners(channel) >= count,
    () => `${app.realtime.listeners(channel)} listeners on ${channel}, not ${count}`,
    { timeoutMs },
  );

/** What `/health` says of live events. */
export async function realtimeHealth(app: App): Promise<unknown> {
  const health = (await (await fetch(new URL('/health', app.url))).json()) as { realtime: unknown };
  return health.realtime;
}

/** The database id inside a global id (`Topic:12` → 12), to name a channel. */
export const idOf = (globalId: string): number =>
  Number(Buffer.from(globalId, 'base64').toString().split(':')[1]);

/** Lets in-flight events arrive before asserting that something did not. */
export const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

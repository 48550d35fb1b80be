import type { TadaDocumentNode } from 'gql.tada';
import { print } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

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
      };
    },
    close: () => client.dispose() as Promise<void>,
  };
}

/** Lets in-flight events arrive before asserting that something did not. */
export const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

'use client';

import { type DocumentNode, print } from '@0no-co/graphql.web';
import type { AnyVariables, Client } from '@urql/core';
import type { TadaDocumentNode } from 'gql.tada';
import { useEffect, useRef, useState } from 'react';
import { type LiveSocket, useLive } from '../components/live-provider.tsx';
import { CSRF_HEADER } from './session.ts';

/**
 * The browser's GraphQL client: urql (`@urql/core`), imported on the first operation so that
 * no page's first-load JavaScript carries it. Queries and mutations go to the portal's
 * same-origin `/api/graphql` (session cookie and CSRF header); subscriptions go through urql's
 * `subscriptionExchange` to the page's one graphql-ws socket (`useLive`), which reconnects
 * forever. No cache exchange: every page asks the server what it needs. The hooks below are
 * the small part of urql's React bindings the pages use, on this lazily loaded client.
 */

/** What a query or mutation answered: its data, or what went wrong on the way (not typed errors). */
export interface OperationResult<Data> {
  data?: Data | undefined;
  error?: Error | undefined;
}

interface PendingOperation<Data> {
  toPromise(): Promise<OperationResult<Data>>;
}

export interface BrowserClient {
  query<Data, Variables>(
    document: TadaDocumentNode<Data, Variables>,
    variables: Variables,
  ): PendingOperation<Data>;
  mutation<Data, Variables>(
    document: TadaDocumentNode<Data, Variables>,
    variables: Variables,
  ): PendingOperation<Data>;
}

const texts = new WeakMap<DocumentNode, string>();

/** A document's text, its fragments included, printed once (for the page's own socket subscriptions). */
export function documentText(document: DocumentNode): string {
  let text = texts.get(document);
  if (text === undefined) {
    text = print(document);
    texts.set(document, text);
  }
  return text;
}

let urql: Promise<Client> | null = null;

/** The page's urql client, created once; a subscription names its socket in its context. */
function urqlClient(): Promise<Client> {
  urql ??= import('@urql/core').then(
    ({ Client, fetchExchange, subscriptionExchange }) =>
      new Client({
        url: '/api/graphql',
        preferGetMethod: false,
        requestPolicy: 'network-only',
        fetchOptions: { headers: { [CSRF_HEADER]: '1' } },
        exchanges: [
          fetchExchange,
          subscriptionExchange({
            forwardSubscription: (request, operation) => ({
              subscribe: (sink) => ({
                unsubscribe: (operation.context['socket'] as LiveSocket).subscribe(
                  { ...request, query: request.query ?? '' },
                  sink,
                ),
              }),
            }),
          }),
        ],
      }),
  );
  return urql;
}

async function send<Data>(
  kind: 'query' | 'mutation',
  document: DocumentNode,
  variables: unknown,
): Promise<OperationResult<Data>> {
  try {
    const client = await urqlClient();
    const result = await client[kind](document, variables as AnyVariables).toPromise();
    return { data: (result.data ?? undefined) as Data | undefined, error: result.error };
  } catch (error) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }
}

const client: BrowserClient = {
  query: (document, variables) => ({ toPromise: () => send('query', document, variables) }),
  mutation: (document, variables) => ({ toPromise: () => send('mutation', document, variables) }),
};

/** The client, for event handlers: `await useClient().mutation(Doc, vars).toPromise()`. */
export function useClient(): BrowserClient {
  return client;
}

/**
 * Runs `onData` with every event of a subscription while the component is mounted (and again
 * after a reconnect: the socket resubscribes). A change of variables starts a new subscription.
 */
export function useSubscription<Data, Variables>(
  { query, variables }: { query: TadaDocumentNode<Data, Variables>; variables?: Variables },
  onData: (previous: undefined, data: Data) => unknown,
): void {
  const { socket } = useLive();
  const handler = useRef(onData);
  handler.current = onData;
  const key = JSON.stringify(variables ?? {});
  useEffect(() => {
    let unsubscribe: (() => void) | null = null;
    let stopped = false;
    void urqlClient().then((client) => {
      if (stopped) return;
      unsubscribe = client
        .subscription(query, JSON.parse(key) as AnyVariables, { socket })
        .subscribe((result) => {
          if (result.data) handler.current(undefined, result.data as Data);
        }).unsubscribe;
    });
    return () => {
      stopped = true;
      unsubscribe?.();
    };
  }, [socket, query, key]);
}

/** Fetches once when mounted: `[{ data, fetching, error }]`. */
export function useQuery<Data, Variables>({
  query,
  variables,
}: {
  query: TadaDocumentNode<Data, Variables>;
  variables?: Variables;
}): [{ data?: Data | undefined; fetching: boolean; error?: Error | undefined }] {
  const [state, setState] = useState<{ data?: Data; fetching: boolean; error?: Error }>({ fetching: true });
  const key = JSON.stringify(variables ?? {});
  useEffect(() => {
    let current = true;
    void send<Data>('query', query, JSON.parse(key)).then((result) => {
      if (current) setState({ ...result, fetching: false });
    });
    return () => {
      current = false;
    };
  }, [query, key]);
  return [state];
}

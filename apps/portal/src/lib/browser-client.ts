'use client';

import { type DocumentNode, print } from '@0no-co/graphql.web';
import type { TadaDocumentNode } from 'gql.tada';
import { useEffect, useRef, useState } from 'react';
import { useLive } from '../components/live-provider.tsx';
import { CSRF_HEADER } from './session.ts';

/**
 * The browser's GraphQL client, in place of urql: queries and mutations are one `fetch` to the
 * portal's same-origin `/api/graphql` (session cookie and CSRF header), subscriptions ride the
 * page's one graphql-ws socket (`useLive`). No cache, no exchanges: every page asks the server
 * what it needs, and the pages' first-load JavaScript stays small.
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

/** A document's text, its fragments included, printed once. */
export function documentText(document: DocumentNode): string {
  let text = texts.get(document);
  if (text === undefined) {
    text = print(document);
    texts.set(document, text);
  }
  return text;
}

async function send<Data>(document: DocumentNode, variables: unknown): Promise<OperationResult<Data>> {
  try {
    const response = await fetch('/api/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        [CSRF_HEADER]: '1',
      },
      body: JSON.stringify({ query: documentText(document), variables }),
    });
    const body = (await response.json()) as { data?: Data | null; errors?: Array<{ message: string }> };
    const data = body.data ?? undefined;
    if (body.errors?.length) {
      return { data, error: new Error(body.errors.map((error) => error.message).join(' ')) };
    }
    if (!response.ok || data === undefined)
      return { error: new Error(`The server answered ${response.status}.`) };
    return { data };
  } catch (error) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }
}

const client: BrowserClient = {
  query: (document, variables) => ({ toPromise: () => send(document, variables) }),
  mutation: (document, variables) => ({ toPromise: () => send(document, variables) }),
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
  useEffect(
    () =>
      socket.subscribe<Data>(
        { query: documentText(query), variables: JSON.parse(key) as Record<string, unknown> },
        {
          next: ({ data }) => {
            if (data) handler.current(undefined, data);
          },
          error: () => {},
          complete: () => {},
        },
      ),
    [socket, query, key],
  );
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
    void send<Data>(query, JSON.parse(key)).then((result) => {
      if (current) setState({ ...result, fetching: false });
    });
    return () => {
      current = false;
    };
  }, [query, key]);
  return [state];
}

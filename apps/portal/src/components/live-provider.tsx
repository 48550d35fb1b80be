'use client';

import { createClient as createSocketClient, type Client as SocketClient } from 'graphql-ws';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { Client, fetchExchange, Provider, subscriptionExchange } from 'urql';
import { CSRF_HEADER } from '../lib/session.ts';

/** The live connection as the reader should see it. */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

interface Live {
  socket: SocketClient;
  state: ConnectionState;
}

const LiveContext = createContext<Live | null>(null);

/** The graphql-ws client and its state, for subscriptions that manage their own cursor. */
export function useLive(): Live {
  const live = useContext(LiveContext);
  if (!live) throw new Error('useLive outside LiveProvider');
  return live;
}

/** Waits 0.5 s, 1 s, 2 s … up to 10 s between reconnect attempts. */
const retryWait = (retries: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** retries)));

/**
 * urql for the browser: queries and mutations through the portal's same-origin `/api/graphql`
 * (with the session cookie and the CSRF header), subscriptions over one graphql-ws socket
 * straight to the server, which reconnects forever and reports its state.
 */
export function LiveProvider({ socketUrl, children }: { socketUrl: string; children: ReactNode }) {
  const [state, setState] = useState<ConnectionState>('connecting');
  const { socket, client } = useMemo(() => {
    const socket = createSocketClient({
      url: socketUrl,
      lazy: true,
      lazyCloseTimeout: 3_000,
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
      retryWait,
      connectionParams: async () => {
        const response = await fetch('/api/session', { headers: { [CSRF_HEADER]: '1' } });
        const { token } = (await response.json()) as { token: string | null };
        return token ? { token } : {};
      },
    });
    const client = new Client({
      url: '/api/graphql',
      preferGetMethod: false,
      requestPolicy: 'network-only',
      fetchOptions: { headers: { [CSRF_HEADER]: '1' } },
      exchanges: [
        fetchExchange,
        subscriptionExchange({
          forwardSubscription: (request) => ({
            subscribe: (sink) => ({
              unsubscribe: socket.subscribe({ ...request, query: request.query ?? '' }, sink),
            }),
          }),
        }),
      ],
    });
    return { socket, client };
  }, [socketUrl]);

  useEffect(() => {
    const offs = [
      socket.on('connecting', (isRetry) => setState(isRetry ? 'reconnecting' : 'connecting')),
      socket.on('connected', () => setState('live')),
      socket.on('closed', () => setState((current) => (current === 'live' ? 'reconnecting' : current))),
    ];
    return () => {
      for (const off of offs) off();
    };
  }, [socket]);

  useEffect(() => () => void socket.dispose(), [socket]);

  const live = useMemo(() => ({ socket, state }), [socket, state]);
  return (
    <LiveContext.Provider value={live}>
      <Provider value={client}>{children}</Provider>
    </LiveContext.Provider>
  );
}

/** "Live", "Connecting…", "Reconnecting…": announced politely to screen readers. */
export function ConnectionBadge() {
  const { state } = useLive();
  const label = state === 'live' ? 'Live' : state === 'connecting' ? 'Connecting…' : 'Reconnecting…';
  return (
    <span className={`connection connection-${state}`} role="status" data-state={state}>
      <span className="connection-dot" aria-hidden="true" />
      {label}
    </span>
  );
}

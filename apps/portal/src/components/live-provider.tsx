'use client';

import type { Client as GraphQLWsClient, Sink, SubscribePayload } from 'graphql-ws';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { CSRF_HEADER } from '../lib/session.ts';

/** The live connection as the reader should see it. */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

/** The part of the graphql-ws client the portal uses; the library itself loads after hydration. */
export interface LiveSocket {
  subscribe<Data>(payload: SubscribePayload, sink: Sink<{ data?: Data | null }>): () => void;
  dispose(): void;
}

interface Live {
  socket: LiveSocket;
  state: ConnectionState;
  /** How many times the socket has connected: it grows with each reconnect, after which lists read again what they may have missed. */
  connections: number;
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
/**
 * One graphql-ws socket for the page, created on the first subscription. The library is
 * imported then, so it is not part of any page's first-load JavaScript.
 */
function createLiveSocket(
  url: string,
  onState: (state: ConnectionState) => void,
  onConnected: () => void,
): LiveSocket {
  let client: Promise<GraphQLWsClient> | null = null;
  let disposed = false;
  const load = () => {
    client ??= import('graphql-ws').then(({ createClient }) => {
      const created = createClient({
        url,
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
      let live = false;
      created.on('connecting', (isRetry) => onState(isRetry || live ? 'reconnecting' : 'connecting'));
      created.on('connected', () => {
        live = true;
        onState('live');
        onConnected();
      });
      created.on('closed', () => live && onState('reconnecting'));
      if (disposed) void created.dispose();
      return created;
    });
    return client;
  };
  return {
    subscribe(payload, sink) {
      let dispose: (() => void) | null = null;
      let cancelled = false;
      void load().then((loaded) => {
        if (!cancelled) dispose = loaded.subscribe(payload, sink);
      });
      return () => {
        cancelled = true;
        dispose?.();
      };
    },
    dispose() {
      disposed = true;
      void client?.then((loaded) => loaded.dispose());
    },
  };
}

/**
 * The page's live connection: one graphql-ws socket straight to the server, which reconnects
 * forever and reports its state. Queries and mutations go through `lib/browser-client.ts`.
 */
export function LiveProvider({ socketUrl, children }: { socketUrl: string; children: ReactNode }) {
  const [state, setState] = useState<ConnectionState>('connecting');
  const [connections, setConnections] = useState(0);
  const socket = useMemo(
    () => createLiveSocket(socketUrl, setState, () => setConnections((count) => count + 1)),
    [socketUrl],
  );

  useEffect(() => () => socket.dispose(), [socket]);

  const live = useMemo(() => ({ socket, state, connections }), [socket, state, connections]);
  return <LiveContext.Provider value={live}>{children}</LiveContext.Provider>;
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

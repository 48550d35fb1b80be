import type { Server } from 'node:http';
import type { Clock, Context, Viewer } from '@parley/schema/context';
import { audienceOf } from '@parley/schema/realtime/access';
import type { RealtimePubSub } from '@parley/schema/realtime/events';
import { type Sharing, sharingOf } from '@parley/schema/realtime/sharing';
import { type ExecutionArgs, type ExecutionResult, GraphQLError } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocket, WebSocketServer } from 'ws';
import { viewerForToken } from './auth.ts';
import type { ClientAddressOf } from './limits/client-address.ts';
import { type RequestLimits, rateLimitedMessage } from './limits/request-limits.ts';
import type { Logger } from './log.ts';
import type { ParleyPubSub } from './pubsub.ts';
import { watchAccess, watchApiToken } from './socket-watches.ts';
import { type GroupMember, type Replay, SubscriptionGroups } from './subscription-groups.ts';
import type { ParleyYoga } from './yoga.ts';

/** A socket may hold this many subscriptions at once (a portal page needs three or four). */
export const MAX_SUBSCRIPTIONS_PER_SOCKET = 25;
/** The largest message a client may send (a subscribe with its query and variables). */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/**
 * A socket whose unsent backlog passes this cannot keep up (a stalled or very slow client).
 * It is closed with 1013 (try again later) rather than buffering without bound; the client
 * reconnects and catches up from its cursor.
 */
export const MAX_SOCKET_BACKLOG_BYTES = 4 * 1024 * 1024;

/** What a subscriber joining a shared execution is sent first, by the subscription's sharing. */
const REPLAY: Record<Exclude<Sharing, 'own'>, Replay> = { events: 'none', history: 'all', state: 'latest' };

/** Sockets closed because their viewer's rights changed, or their token or session ended: the client reconnects. */
const ACCESS_CHANGED = 'Your access changed: reconnect to continue';
const TOKEN_ENDED = 'API token revoked or expired';
/** Credentials read at once when sockets are checked again after Redis came back. */
const RECHECK_CONCURRENCY = 8;

interface ConnectionState {
  token: string | null;
  viewer: Viewer | null;
  /** Stops watching the viewer's access (and an API token's revocation and expiry). */
  unwatch: () => void;
  /** The viewer's rights when the socket connected (`audienceOf`): its subscriptions must run with these. */
  audience: string;
  subscriptions: number;
  /** Closes the socket with 4403 and `reason`. */
  forbid: (reason: string) => void;
}

interface Root {
  execute: (args: ExecutionArgs) => unknown;
  subscribe: (args: ExecutionArgs) => unknown;
  /** Subscriptions with the same key get identical results and share one execution. */
  group: string;
  /** Whether this subscription may share that execution, and how a joiner is brought up to date. */
  sharing: Sharing;
  /** The graphql-ws subscription id, and its socket: grouped results are written there directly. */
  id: string;
  socket: GroupMember['socket'];
}

/**
 * graphql-ws on the same server and path as /graphql, through yoga's envelop so subscriptions
 * get the same schema, plugins, error masking and authentication as queries. Clients send
 * `connectionParams: { token }`; anonymous sockets may watch public topics.
 */
export function attachSubscriptions(
  http: Server,
  yoga: ParleyYoga,
  options: {
    clock: Clock;
    logger: Logger;
    pubsub: RealtimePubSub;
    /** When live delivery resumes after a loss (Redis): access events may have been missed. */
    onResumed: ParleyPubSub['onResumed'];
    requestLimits: RequestLimits;
    clientAddressOf: ClientAddressOf;
  },
): { close(): Promise<void> } {
  // Oversized messages close the socket with 1009 (message too big) before they are parsed.
  const wss = new WebSocketServer({ server: http, path: '/graphql', maxPayload: MAX_MESSAGE_BYTES });
  const states = new WeakMap<object, ConnectionState>();
  const open = new Set<ConnectionState>();
  const groups = new SubscriptionGroups(MAX_SOCKET_BACKLOG_BYTES);
  // An access event published while this instance was cut off from Redis (a sign-out, a
  // demotion, a revoked token on another instance) never arrives: every signed-in socket's
  // credential is read again instead, and the sockets it no longer speaks for close.
  const stopRechecks = options.onResumed(() => {
    void recheckAccess([...open], options.clock.now()).catch((error: unknown) =>
      options.logger.warn(`sockets not checked after Redis came back: ${String(error)}`),
    );
  });

  const server = useServer<{ token?: unknown }>(
    {
      connectionInitWaitTimeout: 5_000,
      onConnect: async (ctx) => {
        const token = typeof ctx.connectionParams?.token === 'string' ? ctx.connectionParams.token : null;
        // A token that does not sign in refuses the socket (4403) rather than quietly going anonymous.
        const viewer = token ? await viewerForToken(token, options.clock.now()) : null;
        if (token && !viewer) return false;
        const socket = ctx.extra.socket;
        const forbid = (reason: string) => socket.close(CloseCode.Forbidden, reason);
        // A revoked or expired API token closes its sockets at once (4403), on every instance.
        const unwatchToken = viewer?.token
          ? await watchApiToken(options.pubsub, viewer.token.id, options.clock, () => forbid(TOKEN_ENDED))
          : () => {};
        // So does a change of the person's rights, or the end of the socket's session.
        const unwatchAccess = viewer
          ? await watchAccess(options.pubsub, viewer, options.clock, () => forbid(ACCESS_CHANGED))
          : () => {};
        const unwatch = () => {
          unwatchToken();
          unwatchAccess();
        };
        // Closed while connecting: onClose found no state to stop the watches with.
        if (socket.readyState !== WebSocket.OPEN) {
          unwatch();
          return false;
        }
        const state = { token, viewer, unwatch, audience: audienceOf(viewer), subscriptions: 0, forbid };
        states.set(ctx, state);
        open.add(state);
        return true;
      },
      onClose: (ctx) => {
        const state = states.get(ctx);
        if (!state) return;
        state.unwatch();
        open.delete(state);
      },
      onSubscribe: async (ctx, id, payload) => {
        const state = states.get(ctx);
        if (!state) return [new GraphQLError('Not connected.')];
        // Each subscribe spends the same per-minute budget as an HTTP request. Counted before
        // the socket's own cap, whose check and increment must not be split by an await.
        const decision = await options.requestLimits.consume(
          state.viewer,
          options.clientAddressOf(
            ctx.extra.request.socket.remoteAddress,
            headerValue(ctx.extra.request.headers['x-forwarded-for']),
          ),
        );
        if (!decision.allowed) {
          return [
            new GraphQLError(rateLimitedMessage(decision.resetSeconds), {
              extensions: { code: 'RateLimitedError', retryAfterSeconds: decision.resetSeconds },
            }),
          ];
        }
        if (state.subscriptions >= MAX_SUBSCRIPTIONS_PER_SOCKET) {
          ctx.extra.socket.close(
            CloseCode.Forbidden,
            `At most ${MAX_SUBSCRIPTIONS_PER_SOCKET} subscriptions per socket`,
          );
          return [new GraphQLError('Too many subscriptions on this socket.')];
        }
        // The same context factory as HTTP, from a request carrying the socket's token.
        const request = new Request('http://localhost/graphql', {
          headers: {
            ...(state.token ? { authorization: `Bearer ${state.token}` } : {}),
            'user-agent': ctx.extra.request.headers['user-agent'] ?? '',
          },
        });
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          request,
          req: ctx.extra.request,
          params: payload,
        });
        const document = parse(payload.query);
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
        state.subscriptions++;
        // Each subscription reads the viewer afresh. Rights that differ from the socket's mean a
        // change whose event this instance missed (or has yet to receive): the socket's running
        // subscriptions still hold the old rights, so it closes like on the event itself.
        const contextValue = (await contextFactory()) as Context;
        const audience = audienceOf(contextValue.viewer);
        if (audience !== state.audience) {
          ctx.extra.socket.close(CloseCode.Forbidden, ACCESS_CHANGED);
          return [new GraphQLError(ACCESS_CHANGED)];
        }
        const root: Root = {
          execute,
          subscribe,
          // Subscribers share an execution only with the same rights (not merely the same person):
          // one demoted since cannot join an execution that still runs with the old ones.
          group: `${audience}\n${payload.operationName ?? ''}\n${payload.query}\n${JSON.stringify(payload.variables ?? {})}`,
          sharing: sharingOf(schema, document, payload.operationName, payload.variables),
          id,
          socket: ctx.extra.socket,
        };
        const args: ExecutionArgs = {
          schema,
          document,
          operationName: payload.operationName ?? null,
          variableValues: payload.variables ?? null,
          contextValue,
          rootValue: root,
        };
        return args;
      },
      onComplete: (ctx) => {
        const state = states.get(ctx);
        if (state) state.subscriptions = Math.max(0, state.subscriptions - 1);
      },
      execute: (args) => (args.rootValue as Root).execute(args) as never,
      subscribe: (args) => {
        const root = args.rootValue as Root;
        if (root.sharing === 'own') return root.subscribe(args) as never;
        return groups.join(
          root.group,
          async () => (await root.subscribe(args)) as AsyncIterable<ExecutionResult> | ExecutionResult,
          { id: root.id, socket: root.socket },
          REPLAY[root.sharing],
        ) as never;
      },
    },
    wss,
    12_000,
  );
  wss.on('error', (error) => options.logger.warn(`websocket server: ${error.message}`));

  return {
    /** Completes every subscription and closes sockets with 1001 (going away). */
    async close() {
      stopRechecks();
      await server.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/**
 * Reads each signed-in socket's credential again (each distinct one once) and closes the sockets
 * whose rights differ from those they connected with, or whose token or session is gone. A
 * credential that cannot be read closes its sockets too: they reconnect and sign in afresh.
 */
async function recheckAccess(states: readonly ConnectionState[], now: Date): Promise<void> {
  const byToken = new Map<string, ConnectionState[]>();
  for (const state of states) {
    if (state.token === null) continue;
    byToken.set(state.token, [...(byToken.get(state.token) ?? []), state]);
  }
  const queue = [...byToken];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [token, sockets] = next;
      const viewer = await viewerForToken(token, now).catch(() => null);
      for (const state of sockets) {
        if (!viewer) state.forbid(state.viewer?.token ? TOKEN_ENDED : ACCESS_CHANGED);
        else if (audienceOf(viewer) !== state.audience) state.forbid(ACCESS_CHANGED);
      }
    }
  };
  await Promise.all(Array.from({ length: RECHECK_CONCURRENCY }, worker));
}

/** A Node request header's one value (repeated headers arrive as an array; the last proxy's is last). */
function headerValue(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value.join(',') : value) ?? null;
}

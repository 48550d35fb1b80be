import { randomUUID } from 'node:crypto';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { SESSION_COOKIE_MAX_AGE } from '@parley/schema/auth/session';
import type { Context, Services } from '@parley/schema/context';
import { ParleyError } from '@parley/schema/failures';
import type { GraphQLSchema } from 'graphql';
import { GraphQLError } from 'graphql';
import { createYoga, maskError, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { sessionCookie, viewerFromRequest } from './auth.ts';
import { explorer } from './explorer.ts';
import { useBodyLimit } from './limits/body-limit.ts';
import type { ClientAddressOf } from './limits/client-address.ts';
import { costLimitPlugins } from './limits/cost-limits.ts';
import { useHttpGuard } from './limits/http-guard.ts';
import type { RequestLimits } from './limits/request-limits.ts';
import type { Logger } from './log.ts';
import { type PersistedOperations, usePortalPersistedOperations } from './persisted-operations.ts';
import { useTextGuard } from './text-guard.ts';
import { useWriteScope } from './tokens/write-scope.ts';

export interface YogaOptions {
  schema: GraphQLSchema;
  services: Services;
  logger: Logger;
  /** The portal's origin: the one origin allowed to call with cookies. */
  publicUrl: string;
  /** Per-minute budgets per token, person and address. */
  requestLimits: RequestLimits;
  /** Whose address a request is, for per-address limits. */
  clientAddressOf: ClientAddressOf;
  /** Operations clients may send by hash. @default none */
  persistedOperations?: PersistedOperations;
}

/** Headers a third party's browser code may read: the rate-limit figures. */
const EXPOSED_HEADERS = [
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
  'ratelimit-policy',
  'retry-after',
];

/** What yoga's node adapter gives each request beside the Request itself. */
interface ServerContext {
  req?: { socket?: { remoteAddress?: string } };
}

export type ParleyYoga = YogaServerInstance<ServerContext, Context>;

/** Set-Cookie values a request's resolvers asked for, applied to its response. */
const pendingCookies = new WeakMap<Request, string[]>();

export function createParleyYoga(options: YogaOptions): ParleyYoga {
  const { schema, services, logger, publicUrl } = options;
  const secureCookies = publicUrl.startsWith('https:');
  const portalOrigin = new URL(publicUrl).origin;
  return createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    logging: false,
    graphiql: explorer,
    renderGraphiQL,
    // The portal calls with cookies (and the CSRF header); any other site's browser code may
    // call with a Bearer token but never with credentials, so a session cookie cannot ride along.
    cors: (request) =>
      request.headers.get('origin') === portalOrigin
        ? { origin: portalOrigin, credentials: true, exposedHeaders: EXPOSED_HEADERS }
        : {
            origin: ['*'],
            credentials: false,
            allowedHeaders: ['authorization', 'content-type', 'accept', 'x-request-id'],
            methods: ['GET', 'POST', 'OPTIONS'],
            exposedHeaders: EXPOSED_HEADERS,
            maxAge: 600,
          },
    plugins: [
      useSessionCookies(),
      useHttpGuard(options.requestLimits, services.clock, options.clientAddressOf),
      useBodyLimit(),
      usePortalPersistedOperations(options.persistedOperations ?? new Map()),
      ...costLimitPlugins(),
      useTextGuard(),
      useWriteScope(),
    ],
    context: async ({ request, req }): Promise<Context> => ({
      viewer: await viewerFromRequest(request, services.clock.now()),
      requestId: requestIdOf(request),
      services,
      clientAddress: options.clientAddressOf(
        req?.socket?.remoteAddress,
        request.headers.get('x-forwarded-for'),
      ),
      userAgent: request.headers.get('user-agent'),
      sessionChanged(token) {
        const cookies = pendingCookies.get(request) ?? [];
        cookies.push(sessionCookie(token, secureCookies, SESSION_COOKIE_MAX_AGE));
        pendingCookies.set(request, cookies);
      },
    }),
    maskedErrors: {
      // Unexpected errors reach the client as one line with the request id; the log keeps the rest.
      maskError(error, message) {
        const masked = maskError(error, message, false);
        if (masked === error) return masked; // an intended GraphQL error (validation, syntax): shown as is
        const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
        // An expected failure outside a result union (a subscription refused): its message is for the client.
        if (original instanceof ParleyError) {
          return new GraphQLError(original.message, {
            nodes: masked instanceof GraphQLError ? masked.nodes : undefined,
            path: masked instanceof GraphQLError ? masked.path : undefined,
            extensions: { code: original.name },
          });
        }
        const errorId = randomUUID();
        logger.error(`unexpected error ${errorId}`, original);
        return new GraphQLError(`${message} (error id ${errorId})`, {
          nodes: masked instanceof GraphQLError ? masked.nodes : undefined,
          path: masked instanceof GraphQLError ? masked.path : undefined,
          extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
        });
      },
    },
  });
}

function requestIdOf(request: Request): string {
  const header = request.headers.get('x-request-id');
  return header && /^[\w-]{1,100}$/.test(header) ? header : randomUUID();
}

function useSessionCookies(): Plugin {
  return {
    onResponse({ request, response }) {
      for (const cookie of pendingCookies.get(request) ?? []) response.headers.append('set-cookie', cookie);
    },
  };
}

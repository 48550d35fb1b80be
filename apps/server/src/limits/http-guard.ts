import type { Clock } from '@parley/schema/context';
import type { Plugin } from 'graphql-yoga';
import { rejectedBearer, viewerFromRequest } from '../auth.ts';
import type { ClientAddressOf } from './client-address.ts';
import { type RequestLimits, rateLimitedMessage, rateLimitHeaders } from './request-limits.ts';

/** What yoga's node adapter gives each request beside the Request itself. */
interface NodeServerContext {
  req?: { socket?: { remoteAddress?: string } };
}

/** The body of a refused request: a GraphQL response with one error, its code naming the kind. */
function refusal(
  status: number,
  message: string,
  extensions: Record<string, unknown>,
  headers: Record<string, string>,
) {
  return new Response(JSON.stringify({ errors: [{ message, extensions }] }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

/** The one path GraphQL is served on. */
export const GRAPHQL_PATH = '/graphql';

/**
 * Runs before any GraphQL work: a request on any other path yoga would also serve (it matches
 * any URL ending in /graphql or /graphql/: `/graphql/`, `//graphql`, `/x/graphql`) is refused
 * with 404, so every operation passes the checks below. A Bearer credential that signs nobody
 * in is refused with 401 (one message for unknown, revoked and expired tokens: nothing to
 * probe), and every operation spends its audience's per-minute budget, reported in RateLimit-*
 * headers; over budget it is refused with 429, Retry-After and a `RateLimitedError` code.
 */
export function useHttpGuard(limits: RequestLimits, clock: Clock, clientAddressOf: ClientAddressOf): Plugin {
  const headers = new WeakMap<Request, Record<string, string>>();
  return {
    async onRequest({ request, url, serverContext, endResponse }) {
      if (url.pathname !== GRAPHQL_PATH) {
        endResponse(
          refusal(404, `Not found: GraphQL is served on ${GRAPHQL_PATH}.`, { code: 'NOT_FOUND' }, {}),
        );
        return;
      }
      if (request.method === 'OPTIONS') return;
      // The GraphiQL page itself (a browser's GET without a query) is not an operation.
      if (request.method === 'GET' && !url.searchParams.has('query') && !url.searchParams.has('extensions'))
        return;
      const now = clock.now();
      const { req } = serverContext as NodeServerContext;
      const address = clientAddressOf(req?.socket?.remoteAddress, request.headers.get('x-forwarded-for'));
      if (await rejectedBearer(request, now)) {
        // Guessing tokens spends the address's anonymous budget.
        const decision = await limits.consume(null, address);
        endResponse(
          refusal(
            decision.allowed ? 401 : 429,
            decision.allowed ? 'The access token is not valid.' : rateLimitedMessage(decision.resetSeconds),
            decision.allowed
              ? { code: 'UNAUTHENTICATED' }
              : { code: 'RateLimitedError', retryAfterSeconds: decision.resetSeconds },
            {
              ...rateLimitHeaders(decision),
              ...(decision.allowed ? { 'www-authenticate': 'Bearer error="invalid_token"' } : {}),
            },
          ),
        );
        return;
      }
      const decision = await limits.consume(await viewerFromRequest(request, now), address);
      const values = rateLimitHeaders(decision);
      if (!decision.allowed) {
        endResponse(
          refusal(
            429,
            rateLimitedMessage(decision.resetSeconds),
            { code: 'RateLimitedError', retryAfterSeconds: decision.resetSeconds },
            values,
          ),
        );
        return;
      }
      headers.set(request, values);
    },
    onResponse({ request, response }) {
      for (const [name, value] of Object.entries(headers.get(request) ?? {}))
        response.headers.set(name, value);
    },
  };
}

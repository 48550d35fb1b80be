import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Listener } from './in-flight.ts';

/**
 * A plain HTTP endpoint served beside /graphql (health, feeds), matched by exact path, or by
 * prefix when its key ends with `/` (`/feeds/` serves everything under it).
 */
export type Route = (url: URL, request: IncomingMessage) => Promise<RouteResponse> | RouteResponse;

export interface RouteResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function json(value: unknown, status = 200): RouteResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(value),
  };
}

/**
 * Serves `routes` itself and hands every other request to `fallback` (the GraphQL server); the
 * promise it returns settles when the request has been answered.
 */
export function withRoutes(routes: Record<string, Route>, fallback: Listener): Listener {
  return (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const route =
      routes[url.pathname] ??
      Object.entries(routes).find(([path]) => path.endsWith('/') && url.pathname.startsWith(path))?.[1];
    if (!route) return fallback(request, response);
    return Promise.resolve(route(url, request)).then(
      (result) => send(response, result, request.method === 'HEAD'),
      (error: unknown) => {
        response.statusCode = 500;
        response.end(error instanceof Error ? 'internal error' : '');
      },
    );
  };
}

function send(response: ServerResponse, result: RouteResponse, headOnly: boolean): void {
  response.writeHead(result.status, { ...result.headers, 'content-length': Buffer.byteLength(result.body) });
  response.end(headOnly ? undefined : result.body);
}

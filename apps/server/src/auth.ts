import { viewerForApiToken } from '@parley/schema/auth/api-token';
import { viewerForSession } from '@parley/schema/auth/session';
import type { Viewer } from '@parley/schema/context';

/** The session cookie GraphiQL and same-site browsers use; the portal sends a Bearer token. */
export const SESSION_COOKIE = 'parley_session';
/**
 * Cookie-authenticated requests must carry this header. A cross-site page cannot add a custom
 * header without a CORS preflight, which only the portal's origin passes, so a forged form or
 * image request arrives anonymous.
 */
export const CSRF_HEADER = 'x-parley-csrf';

/** Resolved once per request: the rate limiter and the GraphQL context both ask. */
const resolved = new WeakMap<Request, Promise<Viewer | null>>();

/** Who a request speaks for: `Authorization: Bearer <token>`, else the session cookie (with the CSRF header). */
export function viewerFromRequest(request: Request, now: Date): Promise<Viewer | null> {
  let viewer = resolved.get(request);
  if (!viewer) {
    const token = bearerToken(request) ?? cookieToken(request);
    viewer = token ? viewerForToken(token, now) : Promise.resolve(null);
    resolved.set(request, viewer);
  }
  return viewer;
}

/** A session token (`pss_…`) or a personal API token (`pat_…`); null when it signs nobody in. */
export function viewerForToken(token: string, now: Date): Promise<Viewer | null> {
  return token.startsWith('pat_') ? viewerForApiToken(token, now) : viewerForSession(token, now);
}

/**
 * A Bearer credential that must be refused with 401 rather than served anonymously: anything
 * but a session token (an unknown, revoked or expired API token, or garbage). An expired
 * session token still reads as anonymous, as the portal expects after a sign-out elsewhere.
 */
export async function rejectedBearer(request: Request, now: Date): Promise<boolean> {
  const token = bearerToken(request);
  if (!token || token.startsWith('pss_')) return false;
  return (await viewerFromRequest(request, now)) === null;
}

export function bearerToken(request: Request): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '');
  return match?.[1];
}

function cookieToken(request: Request): string | undefined {
  if (!request.headers.has(CSRF_HEADER)) return undefined;
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** A `Set-Cookie` value for a new session (or, with null, one that clears it). */
export function sessionCookie(token: string | null, secure: boolean, maxAgeSeconds: number): string {
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Lax', ...(secure ? ['Secure'] : [])];
  return token === null
    ? [`${SESSION_COOKIE}=`, 'Max-Age=0', ...attributes].join('; ')
    : [`${SESSION_COOKIE}=${encodeURIComponent(token)}`, `Max-Age=${maxAgeSeconds}`, ...attributes].join(
        '; ',
      );
}

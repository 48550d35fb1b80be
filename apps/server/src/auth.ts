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

/** Who a request speaks for: `Authorization: Bearer <token>`, else the session cookie (with the CSRF header). */
export async function viewerFromRequest(request: Request, now: Date): Promise<Viewer | null> {
  const token = bearerToken(request) ?? cookieToken(request);
  return token ? viewerForSession(token, now) : null;
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

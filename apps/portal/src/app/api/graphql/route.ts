import { apiUrl } from '../../../env.ts';
import { readerAddress } from '../../../lib/reader-address.ts';
import { CSRF_HEADER } from '../../../lib/session.ts';

/**
 * The browser's GraphQL endpoint: a same-origin pass-through to the server, so the session
 * cookie the server sets on sign-in lives on the portal's origin (HttpOnly) and comes back here
 * with the CSRF header on every request.
 */
export async function POST(request: Request): Promise<Response> {
  const headers = new Headers({ 'content-type': 'application/json', accept: 'application/json' });
  for (const name of ['cookie', CSRF_HEADER, 'user-agent']) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  // The server counts anonymous budgets per address and trusts this header from the portal.
  const forwardedFor = readerAddress(request.headers);
  if (forwardedFor) headers.set('x-forwarded-for', forwardedFor);
  const upstream = await fetch(apiUrl, {
    method: 'POST',
    headers,
    body: await request.text(),
    cache: 'no-store',
  });
  const response = new Headers({
    'content-type': upstream.headers.get('content-type') ?? 'application/json',
  });
  for (const cookie of upstream.headers.getSetCookie()) response.append('set-cookie', cookie);
  const retryAfter = upstream.headers.get('retry-after');
  if (retryAfter) response.set('retry-after', retryAfter);
  return new Response(upstream.body, { status: upstream.status, headers: response });
}

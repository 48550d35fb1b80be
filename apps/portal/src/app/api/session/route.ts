import { cookies } from 'next/headers';
import { CSRF_HEADER, SESSION_COOKIE } from '../../../lib/session.ts';

/**
 * The session token for the live connection: graphql-ws sends it as `connectionParams`, since
 * the server's socket does not read cookies. Same-origin scripts only: the CSRF header forces a
 * preflight that no other origin passes, and no CORS header lets another origin read the answer.
 */
export async function GET(request: Request): Promise<Response> {
  const token = request.headers.has(CSRF_HEADER) ? (await cookies()).get(SESSION_COOKIE)?.value : undefined;
  return Response.json({ token: token ?? null }, { headers: { 'cache-control': 'no-store' } });
}

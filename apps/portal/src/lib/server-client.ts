import { type AnyVariables, createClient, type DocumentInput, fetchExchange } from '@urql/core';
import { cookies, headers } from 'next/headers';
import { cache } from 'react';
import { apiUrl } from '../env.ts';
import { readerAddress } from './reader-address.ts';
import { SESSION_COOKIE } from './session.ts';
import { ViewerQuery } from './viewer-query.ts';

/**
 * One urql client per server render, speaking for the reader: their session cookie becomes a
 * Bearer token on the server-to-server request, so no request ever sees another's data.
 */
const getClient = cache(async () => {
  const [token, forwardedFor] = await Promise.all([
    cookies().then((jar) => jar.get(SESSION_COOKIE)?.value),
    headers().then(readerAddress),
  ]);
  return createClient({
    url: apiUrl,
    exchanges: [fetchExchange],
    preferGetMethod: false,
    fetchOptions: {
      cache: 'no-store',
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        // Anonymous renders spend the reader's budget, not one shared by everyone the portal serves.
        ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
      },
    },
  });
});

/** Runs a query for the current reader; an unexpected failure throws (the error page shows). */
export async function serverQuery<Data, Variables extends AnyVariables>(
  query: DocumentInput<Data, Variables>,
  variables: Variables,
): Promise<Data> {
  const result = await (await getClient()).query(query, variables).toPromise();
  if (result.error || !result.data) {
    throw new Error(`The community could not be loaded: ${result.error?.message ?? 'no data'}`);
  }
  return result.data;
}

/** Who is reading, once per request (the layout and the page both ask). */
export const getViewer = cache(async () => {
  const data = await serverQuery(ViewerQuery, {});
  return { viewer: data.viewer, unread: data.unreadNotificationCount };
});

export type Viewer = NonNullable<Awaited<ReturnType<typeof getViewer>>['viewer']>;

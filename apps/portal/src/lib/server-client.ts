import { type AnyVariables, createClient, type DocumentInput, fetchExchange } from '@urql/core';
import { cookies } from 'next/headers';
import { cache } from 'react';
import { apiUrl } from '../env.ts';
import { graphql } from './graphql.ts';
import { SESSION_COOKIE } from './session.ts';

/**
 * One urql client per server render, speaking for the reader: their session cookie becomes a
 * Bearer token on the server-to-server request, so no request ever sees another's data.
 */
const getClient = cache(async () => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return createClient({
    url: apiUrl,
    exchanges: [fetchExchange],
    preferGetMethod: false,
    fetchOptions: { cache: 'no-store', headers: token ? { authorization: `Bearer ${token}` } : {} },
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

const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      email
      kind
      role
      person { id handle displayName title avatarUrl department { name } }
    }
    unreadNotificationCount
  }
`);

/** Who is reading, once per request (the layout and the page both ask). */
export const getViewer = cache(async () => {
  const data = await serverQuery(ViewerQuery, {});
  return { viewer: data.viewer, unread: data.unreadNotificationCount };
});

export type Viewer = NonNullable<Awaited<ReturnType<typeof getViewer>>['viewer']>;

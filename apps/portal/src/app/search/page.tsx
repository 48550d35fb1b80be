import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { afterParam, PageLinks } from '../../components/page-links.tsx';
import { graphql } from '../../lib/graphql.ts';
import { personPath, topicPath } from '../../lib/links.ts';
import { serverQuery } from '../../lib/server-client.ts';
import { SearchBox } from './search-box.tsx';

export const metadata: Metadata = { title: 'Search' };
export const dynamic = 'force-dynamic';

const SearchQuery = graphql(`
  query SearchPage($q: String!, $filter: SearchFilter, $after: String) {
    search(query: $q, first: 30, after: $after, filter: $filter) {
      __typename
      ... on QuerySearchSuccess {
        data {
          pageInfo { hasNextPage endCursor }
          edges {
            node {
              __typename
              ... on TopicHit { highlights { field snippet } topic { id slug title status category { name } } }
              ... on PostHit { highlights { field snippet } post { id internal author { displayName isEmployee } } topic { id slug title } }
              ... on PersonHit { highlights { field snippet } person { handle displayName title department { name } } }
            }
          }
        }
      }
      ... on ValidationError { problems { message } }
    }
  }
`);

const types = { all: 'Everything', TOPIC: 'Topics', POST: 'Replies', PERSON: 'People' } as const;
type TypeFilter = keyof typeof types;

/**
 * The server's snippets are HTML-escaped text with only `<mark>` added; they are rendered by
 * splitting on the marks, never as HTML, so nothing else can ever become markup.
 */
const unescapeHtml = (text: string) =>
  text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&#x27;', "'")
    .replaceAll('&amp;', '&');

function Snippet({ html }: { html: string }) {
  const pieces = html.split(/<mark>|<\/mark>/).map((text, position) => ({
    text: unescapeHtml(text),
    mark: position % 2 === 1,
    id: `piece-${position}`,
  }));
  return (
    <>
      {pieces.map((piece) =>
        piece.mark ? <mark key={piece.id}>{piece.text}</mark> : <span key={piece.id}>{piece.text}</span>,
      )}
    </>
  );
}

export default async function SearchPage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string; type?: string; after?: string }>;
}) {
  const { q = '', type, after: afterText } = await searchParams;
  const typeFilter: TypeFilter = type && type in types ? (type as TypeFilter) : 'all';
  const query = q.trim();
  const after = afterParam(afterText);
  const listQuery = { q: query, type: typeFilter === 'all' ? undefined : typeFilter };
  // A cursor from an old link or a hand edit that the API refuses: the first page of results.
  const firstPage = `/search?${new URLSearchParams({ q: query, ...(listQuery.type ? { type: listQuery.type } : {}) })}`;
  if (afterText !== undefined && !after) redirect(firstPage);
  const result = query
    ? (
        await serverQuery(SearchQuery, {
          q: query.slice(0, 500),
          filter: typeFilter === 'all' ? null : { types: [typeFilter] },
          after: after ?? null,
        }).catch((error: unknown) => {
          if (after) redirect(firstPage);
          throw error;
        })
      ).search
    : null;
  const pageInfo = result?.__typename === 'QuerySearchSuccess' ? result.data.pageInfo : null;
  const hits = result?.__typename === 'QuerySearchSuccess' ? result.data.edges.map((edge) => edge.node) : [];
  return (
    <>
      <h1>Search the community</h1>
      <SearchBox initial={query} />
      {query && (
        <nav className="tabs-nav" aria-label="Result types" style={{ margin: '1rem 0' }}>
          {Object.entries(types).map(([value, label]) => (
            <a
              key={value}
              href={`/search?q=${encodeURIComponent(query)}${value === 'all' ? '' : `&type=${value}`}`}
              aria-current={typeFilter === value ? 'page' : undefined}
            >
              {label}
            </a>
          ))}
        </nav>
      )}
      {result?.__typename === 'ValidationError' && (
        <p className="form-error">{result.problems.map((problem) => problem.message).join(' ')}</p>
      )}
      {query && result?.__typename === 'QuerySearchSuccess' && hits.length === 0 && (
        <p className="empty">
          Nothing matches “{query}”. Try fewer or different words, or ask the community.
        </p>
      )}
      {hits.length > 0 && (
        <ol className="results" aria-label="Results">
          {hits.map((hit, index) => {
            const snippet =
              hit.highlights.find((highlight) => highlight.field === 'BODY') ?? hit.highlights[0];
            const title = hit.highlights.find((highlight) => highlight.field === 'TITLE');
            const key = `${hit.__typename}-${index}`;
            if (hit.__typename === 'TopicHit')
              return (
                <li key={key} className="card">
                  <a className="title" href={topicPath(hit.topic)}>
                    {title ? <Snippet html={title.snippet} /> : hit.topic.title}
                  </a>
                  <span className="hint"> · {hit.topic.category.name}</span>
                  {snippet && snippet !== title && (
                    <p className="snippet">
                      <Snippet html={snippet.snippet} />
                    </p>
                  )}
                </li>
              );
            if (hit.__typename === 'PostHit')
              return (
                <li key={key} className="card">
                  <a className="title" href={topicPath(hit.topic)}>
                    {hit.topic.title}
                  </a>
                  <span className="hint">
                    {' '}
                    · reply by {hit.post.author.displayName}
                    {hit.post.internal && ' · internal note'}
                  </span>
                  {snippet && (
                    <p className="snippet">
                      <Snippet html={snippet.snippet} />
                    </p>
                  )}
                </li>
              );
            if (hit.__typename === 'PersonHit')
              return (
                <li key={key} className="card">
                  <a className="title" href={personPath(hit.person.handle)}>
                    {hit.person.displayName}
                  </a>
                  <span className="hint">
                    {' '}
                    · {[hit.person.title, hit.person.department?.name].filter(Boolean).join(' · ')}
                  </span>
                </li>
              );
            return null;
          })}
        </ol>
      )}
      {query && (
        <PageLinks
          path="/search"
          query={listQuery}
          after={after}
          next={pageInfo?.hasNextPage ? pageInfo.endCursor : null}
          label="More results"
        />
      )}
    </>
  );
}

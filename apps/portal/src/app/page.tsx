import { redirect } from 'next/navigation';
import { LiveListening } from '../components/listening-figures.tsx';
import { LiveTopicList } from '../components/live-topic-list.tsx';
import { afterParam, PageLinks } from '../components/page-links.tsx';
import { ListeningFields, TopicRowFields } from '../lib/fragments.ts';
import { graphql } from '../lib/graphql.ts';
import { categoryPath } from '../lib/links.ts';
import { serverQuery } from '../lib/server-client.ts';

// Rendered per request: the community changes by the minute.
export const dynamic = 'force-dynamic';

const HomeQuery = graphql(
  `
  query Home($orderBy: TopicOrder!, $after: String) {
    topics(first: 20, after: $after, orderBy: $orderBy) {
      edges { node { ...TopicRowFields } }
      pageInfo { hasNextPage endCursor }
    }
    waiting: topics(first: 100, filter: { awaitingEmployee: true }) { edges { node { id } } pageInfo { hasNextPage } }
    categories { slug name description topicCount }
    listening { ...ListeningFields }
  }
`,
  [TopicRowFields, ListeningFields],
);

export default async function HomePage({
  searchParams,
}: {
  searchParams: Promise<{ sort?: string; after?: string }>;
}) {
  const search = await searchParams;
  const active = search.sort === 'active';
  const after = afterParam(search.after);
  const firstPage = active ? '/?sort=active' : '/';
  // A cursor from an old link or a hand edit that the API refuses: start from the first page.
  if (search.after !== undefined && !after) redirect(firstPage);
  const data = await serverQuery(HomeQuery, { orderBy: active ? 'ACTIVE' : 'LATEST', after }).catch(
    (error: unknown) => {
      if (after) redirect(firstPage);
      throw error;
    },
  );
  const topics = data.topics.edges.map((edge) => edge.node);

  return (
    <>
      <section className="hero" aria-labelledby="welcome">
        <div>
          <h1 id="welcome">What Tallybook customers are talking about</h1>
          <p>Ask anything. The people who build Tallybook answer here, in public, under their own names.</p>
        </div>
        <dl className="figures" aria-label="How fast Tallybook answers">
          <LiveListening initial={data.listening} />
          <div>
            <dt>Waiting for an employee</dt>
            <dd data-testid="waiting-count">
              {data.waiting.edges.length}
              {data.waiting.pageInfo.hasNextPage ? '+' : ''}
            </dd>
          </div>
        </dl>
      </section>
      <div className="layout-two">
        <section aria-labelledby="latest">
          <div className="section-head">
            <h2 id="latest">{active ? 'Active conversations' : 'Latest conversations'}</h2>
            <nav className="tabs-nav" aria-label="Order">
              <a href="/" aria-current={active ? undefined : 'page'}>
                Latest
              </a>
              <a href="/?sort=active" aria-current={active ? 'page' : undefined}>
                Active
              </a>
            </nav>
          </div>
          <LiveTopicList
            key={after ?? 'first'}
            initial={topics}
            source={{ first: 20, after, orderBy: active ? 'ACTIVE' : 'LATEST' }}
            label={active ? 'Active conversations' : 'Latest conversations'}
            emptyText="No conversations yet. Be the first to ask!"
            insertNew={!after}
          />
          <PageLinks
            path="/"
            query={{ sort: active ? 'active' : undefined }}
            after={after}
            next={data.topics.pageInfo.hasNextPage ? data.topics.pageInfo.endCursor : null}
            label={active ? 'More conversations' : 'Older conversations'}
          />
        </section>
        <aside aria-labelledby="categories-heading" className="card">
          <h2 id="categories-heading" style={{ marginTop: 0 }}>
            Categories
          </h2>
          <ul className="side-list">
            {data.categories.map((category) => (
              <li key={category.slug}>
                <a href={categoryPath(category.slug)}>{category.name}</a>
                <span className="hint">{category.topicCount}</span>
              </li>
            ))}
          </ul>
          <p>
            <a href="/people">Meet the team answering →</a>
          </p>
        </aside>
      </div>
    </>
  );
}

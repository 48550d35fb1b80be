import { LiveListening } from '../components/listening-figures.tsx';
import { LiveTopicList } from '../components/live-topic-list.tsx';
import { ListeningFields, TopicRowFields } from '../lib/fragments.ts';
import { graphql } from '../lib/graphql.ts';
import { categoryPath } from '../lib/links.ts';
import { serverQuery } from '../lib/server-client.ts';

// Rendered per request: the community changes by the minute.
export const dynamic = 'force-dynamic';

const HomeQuery = graphql(
  `
  query Home($orderBy: TopicOrder!) {
    topics(first: 20, orderBy: $orderBy) {
      edges { node { ...TopicRowFields } }
    }
    waiting: topics(first: 100, filter: { awaitingEmployee: true }) { edges { node { id } } pageInfo { hasNextPage } }
    categories { slug name description topicCount }
    listening { ...ListeningFields }
  }
`,
  [TopicRowFields, ListeningFields],
);

export default async function HomePage({ searchParams }: { searchParams: Promise<{ sort?: string }> }) {
  const { sort } = await searchParams;
  const active = sort === 'active';
  const data = await serverQuery(HomeQuery, { orderBy: active ? 'ACTIVE' : 'LATEST' });
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
            initial={topics}
            source={{ first: 20, orderBy: active ? 'ACTIVE' : 'LATEST' }}
            label={active ? 'Active conversations' : 'Latest conversations'}
            emptyText="No conversations yet. Be the first to ask!"
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

import { graphql } from '../lib/graphql.ts';
import { getClient } from '../lib/server-client.ts';

// Rendered per request: the community changes by the minute.
export const dynamic = 'force-dynamic';

const LatestTopics = graphql(`
  query LatestTopics {
    topics(first: 20) {
      edges {
        node {
          id
          slug
          title
          kind
          replyCount
          createdAt
          author { handle displayName kind }
          category { slug name }
        }
      }
    }
  }
`);

export default async function HomePage() {
  const result = await getClient().query(LatestTopics, {});
  if (result.error) throw new Error(`Could not load the latest topics: ${result.error.message}`);
  const topics = result.data?.topics.edges.map((edge) => edge.node) ?? [];

  return (
    <section aria-labelledby="latest">
      <h1 id="latest">Latest conversations</h1>
      <ol className="topic-list">
        {topics.map((topic) => (
          <li key={topic.id} className="topic-row">
            <span className={`kind kind-${topic.kind.toLowerCase()}`}>{topic.kind.toLowerCase()}</span>
            <span className="title">{topic.title}</span>
            <span className="meta">
              {topic.author.displayName} in {topic.category.name} · {topic.replyCount}{' '}
              {topic.replyCount === 1 ? 'reply' : 'replies'}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

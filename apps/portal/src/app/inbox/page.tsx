import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { ConnectionBadge } from '../../components/live-provider.tsx';
import { LiveTopicList } from '../../components/live-topic-list.tsx';
import { TopicRowFields } from '../../lib/fragments.ts';
import { graphql } from '../../lib/graphql.ts';
import { getViewer, serverQuery } from '../../lib/server-client.ts';

export const metadata: Metadata = { title: 'Inbox', robots: { index: false } };
export const dynamic = 'force-dynamic';

const InboxQuery = graphql(
  `
  query Inbox($filter: TopicFilter!) {
    categories { slug name }
    topics(first: 100, orderBy: OLDEST_AWAITING, filter: $filter) {
      edges { node { ...TopicRowFields } }
    }
  }
`,
  [TopicRowFields],
);

export default async function InboxPage({ searchParams }: { searchParams: Promise<{ category?: string }> }) {
  const { viewer } = await getViewer();
  if (!viewer) redirect('/sign-in?next=/inbox');
  if (viewer.kind !== 'EMPLOYEE') redirect('/');
  const { category } = await searchParams;
  const filter = { awaitingEmployee: true, ...(category ? { category } : {}) };
  const data = await serverQuery(InboxQuery, { filter });
  return (
    <>
      <div className="section-head">
        <h1>Waiting for an employee</h1>
        <ConnectionBadge />
        <nav className="tabs-nav" aria-label="Category">
          <a href="/inbox" aria-current={category ? undefined : 'page'}>
            All
          </a>
          {data.categories.map((each) => (
            <a
              key={each.slug}
              href={`/inbox?category=${each.slug}`}
              aria-current={category === each.slug ? 'page' : undefined}
            >
              {each.name}
            </a>
          ))}
        </nav>
      </div>
      <p className="hint">
        Oldest first. A topic leaves this list the moment an employee answers it in public.
      </p>
      <LiveTopicList
        key={category ?? 'all'}
        initial={data.topics.edges.map((edge) => edge.node)}
        source={{ first: 100, orderBy: 'OLDEST_AWAITING', filter }}
        category={category}
        mode="inbox"
        label="Topics waiting for an employee"
        emptyText="Nobody is waiting. Every customer topic has an employee reply."
      />
    </>
  );
}

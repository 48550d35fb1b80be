import type { Metadata } from 'next';
import { Byline } from '../../components/person.tsx';
import { graphql } from '../../lib/graphql.ts';
import { type IdeaStatusName, ideaStatuses } from '../../lib/idea-status.ts';
import { categoryPath, topicPath } from '../../lib/links.ts';
import { serverQuery } from '../../lib/server-client.ts';
import { fullDate, timeAgo } from '../../lib/time.ts';

export const metadata: Metadata = {
  title: 'Roadmap',
  description: 'What customers asked for, what Tallybook decided, why, and when it shipped.',
  alternates: { canonical: '/roadmap' },
};
// Rendered per request: a decision shows as soon as it is made.
export const dynamic = 'force-dynamic';

const RoadmapIdea = graphql(`
  fragment RoadmapIdea on Topic @_unmask {
    id slug title voteCount replyCount ideaStatus ideaStatusChangedAt createdAt
    category { slug name }
    ideaStatusHistory {
      toStatus reason changelogUrl createdAt
      changedBy { handle displayName isEmployee title avatarUrl department { name } }
    }
  }
`);

const Roadmap = graphql(
  `
  query Roadmap($category: String) {
    categories { slug name }
    OPEN: topics(first: 20, orderBy: TOP, filter: { kind: IDEA, ideaStatus: OPEN, category: $category }) {
      edges { node { ...RoadmapIdea } } pageInfo { hasNextPage }
    }
    UNDER_REVIEW: topics(first: 20, orderBy: TOP, filter: { kind: IDEA, ideaStatus: UNDER_REVIEW, category: $category }) {
      edges { node { ...RoadmapIdea } } pageInfo { hasNextPage }
    }
    PLANNED: topics(first: 20, orderBy: TOP, filter: { kind: IDEA, ideaStatus: PLANNED, category: $category }) {
      edges { node { ...RoadmapIdea } } pageInfo { hasNextPage }
    }
    IN_PROGRESS: topics(first: 20, orderBy: TOP, filter: { kind: IDEA, ideaStatus: IN_PROGRESS, category: $category }) {
      edges { node { ...RoadmapIdea } } pageInfo { hasNextPage }
    }
    SHIPPED: topics(first: 20, orderBy: TOP, filter: { kind: IDEA, ideaStatus: SHIPPED, category: $category }) {
      edges { node { ...RoadmapIdea } } pageInfo { hasNextPage }
    }
    DECLINED: topics(first: 20, orderBy: TOP, filter: { kind: IDEA, ideaStatus: DECLINED, category: $category }) {
      edges { node { ...RoadmapIdea } } pageInfo { hasNextPage }
    }
    DUPLICATE: topics(first: 20, orderBy: TOP, filter: { kind: IDEA, ideaStatus: DUPLICATE, category: $category }) {
      edges { node { ...RoadmapIdea } } pageInfo { hasNextPage }
    }
  }
`,
  [RoadmapIdea],
);

type Idea = NonNullable<Awaited<ReturnType<typeof loadRoadmap>>['OPEN']['edges'][number]['node']>;

const loadRoadmap = (category: string | null) => serverQuery(Roadmap, { category });

const decided: IdeaStatusName[] = ['UNDER_REVIEW', 'PLANNED', 'IN_PROGRESS', 'SHIPPED'];
const closed: IdeaStatusName[] = ['DECLINED', 'DUPLICATE'];
const labelOf = (status: IdeaStatusName) => ideaStatuses.find(([name]) => name === status)?.[1] ?? status;
const emptyText: Record<IdeaStatusName, string> = {
  OPEN: 'No new ideas waiting. Share yours!',
  UNDER_REVIEW: 'Nothing under review right now.',
  PLANNED: 'Nothing planned yet.',
  IN_PROGRESS: 'Nothing in progress right now.',
  SHIPPED: 'Nothing shipped yet.',
  DECLINED: 'No declined ideas.',
  DUPLICATE: 'No duplicates.',
};

export default async function RoadmapPage({
  searchParams,
}: {
  searchParams: Promise<{ category?: string }>;
}) {
  const requested = (await searchParams).category?.trim() || null;
  const data = await loadRoadmap(requested);
  const category = data.categories.find((each) => each.slug === requested) ?? null;
  const group = (status: IdeaStatusName) => data[status].edges.map((edge) => edge.node);
  const count = (status: IdeaStatusName) =>
    `${data[status].edges.length}${data[status].pageInfo.hasNextPage ? '+' : ''}`;
  const total = ideaStatuses.filter(([status]) => data[status].edges.length > 0).length;

  return (
    <>
      <div className="section-head">
        <h1>Roadmap{category ? `: ${category.name}` : ''}</h1>
        <a className="button button-small" href="/new">
          Share an idea
        </a>
      </div>
      <p className="hint">
        Every idea customers shared, what the team decided and why. Ideas with the most votes come first.
      </p>
      <form className="filters card" method="get" aria-label="Filter the roadmap">
        <div className="field">
          <label htmlFor="roadmap-category">Category</label>
          <select id="roadmap-category" name="category" defaultValue={category?.slug ?? ''}>
            <option value="">All categories</option>
            {data.categories.map((each) => (
              <option key={each.slug} value={each.slug}>
                {each.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-secondary">
          Show
        </button>
      </form>
      {total === 0 && (
        <p className="empty">
          No ideas {category ? `in ${category.name} ` : ''}yet. <a href="/new">Share the first one</a>.
        </p>
      )}
      <div className="roadmap">
        {decided.map((status) => (
          <IdeaGroup key={status} status={status} ideas={group(status)} count={count(status)} />
        ))}
      </div>
      <IdeaGroup status="OPEN" ideas={group('OPEN')} count={count('OPEN')} wide />
      {closed.map((status) => (
        <details key={status} className="roadmap-closed">
          <summary>
            {labelOf(status)} ({count(status)})
          </summary>
          <IdeaGroup status={status} ideas={group(status)} count={count(status)} wide />
        </details>
      ))}
    </>
  );
}

function IdeaGroup({
  status,
  ideas,
  count,
  wide = false,
}: {
  status: IdeaStatusName;
  ideas: Idea[];
  count: string;
  wide?: boolean;
}) {
  const id = `roadmap-${status.toLowerCase().replaceAll('_', '-')}`;
  return (
    <section
      className={wide ? 'roadmap-group roadmap-group-wide' : 'roadmap-group'}
      aria-labelledby={id}
      data-status={status}
    >
      <h2 id={id}>
        {labelOf(status)} <span className="count">{count}</span>
      </h2>
      {ideas.length === 0 ? (
        <p className="empty">{emptyText[status]}</p>
      ) : (
        <ol className="idea-cards">
          {ideas.map((idea) => (
            <IdeaCard key={idea.id} idea={idea} />
          ))}
        </ol>
      )}
    </section>
  );
}

function IdeaCard({ idea }: { idea: Idea }) {
  const latest = idea.ideaStatusHistory.at(-1);
  return (
    <li className="card idea-card" data-testid="idea-card">
      <div className="idea-votes" title={`${idea.voteCount} votes`}>
        <strong className="idea-votes-count">{idea.voteCount}</strong>{' '}
        <span>{idea.voteCount === 1 ? 'vote' : 'votes'}</span>
      </div>
      <div className="idea-body">
        <a className="idea-title" href={topicPath(idea)}>
          {idea.title}
        </a>
        <p className="meta">
          <a href={categoryPath(idea.category.slug)}>{idea.category.name}</a> · {idea.replyCount}{' '}
          {idea.replyCount === 1 ? 'reply' : 'replies'}
        </p>
        {latest && (
          <div className="idea-decision">
            <p className="status-reason">{latest.reason}</p>
            <div className="idea-decision-by">
              <Byline person={latest.changedBy} size={28} />
              <time dateTime={latest.createdAt} title={fullDate(latest.createdAt)} suppressHydrationWarning>
                {timeAgo(latest.createdAt)}
              </time>
            </div>
            {idea.ideaStatus === 'SHIPPED' &&
              latest.changelogUrl &&
              /^https?:\/\//i.test(latest.changelogUrl) && (
                <a href={latest.changelogUrl} rel="nofollow noopener">
                  Release note
                </a>
              )}
          </div>
        )}
      </div>
    </li>
  );
}

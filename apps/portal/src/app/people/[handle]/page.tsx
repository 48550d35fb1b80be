import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { Markdown } from '../../../components/markdown.tsx';
import { Avatar, EmployeeMark } from '../../../components/person.tsx';
import { TopicRow } from '../../../components/topic-row.tsx';
import { excerpt } from '../../../lib/excerpt.ts';
import { feedAlternates, feedUrl } from '../../../lib/feeds.ts';
import { TopicRowFields } from '../../../lib/fragments.ts';
import { graphql } from '../../../lib/graphql.ts';
import { personPath, postAnchor, topicPath } from '../../../lib/links.ts';
import { getViewer, serverQuery } from '../../../lib/server-client.ts';
import { formatMinutes, timeAgo } from '../../../lib/time.ts';
import { CustomerMemory, CustomerTimeline } from './customer-timeline.tsx';

export const dynamic = 'force-dynamic';

const Profile = graphql(
  `
  query Profile($handle: String!) {
    person(handle: $handle) {
      id handle displayName kind isEmployee title bio pronouns location expertise avatarUrl createdAt
      department { name slug }
      stats { answersGiven acceptedAnswers topicsJoined medianFirstResponseMinutes }
      ...CustomerMemory
      recentAnswers(first: 5) { id body createdAt isAcceptedAnswer topic { id slug title } }
      conversations(first: 30) {
        edges {
          node {
            startedByThem theirReplyCount lastActivityAt
            topic { id slug title status }
            employees { handle displayName }
          }
        }
      }
    }
    topics(first: 10, filter: { author: $handle }) { edges { node { ...TopicRowFields } } }
  }
`,
  [TopicRowFields, CustomerMemory],
);

const load = cache(async (handle: string) => serverQuery(Profile, { handle: decodeURIComponent(handle) }));

export async function generateMetadata({
  params,
}: {
  params: Promise<{ handle: string }>;
}): Promise<Metadata> {
  const { person } = await load((await params).handle);
  if (!person) return { title: 'Nobody by that name' };
  return {
    title: person.displayName,
    description: person.isEmployee
      ? `${person.title ?? ''} at Tallybook`
      : `${person.displayName} in the community`,
    alternates: {
      canonical: personPath(person.handle),
      ...(person.isEmployee
        ? { types: feedAlternates(`/feeds/employee/${person.handle}`, `Answers by ${person.displayName}`) }
        : {}),
    },
  };
}

export default async function ProfilePage({ params }: { params: Promise<{ handle: string }> }) {
  const [{ person, topics }, { viewer }] = await Promise.all([load((await params).handle), getViewer()]);
  if (!person) notFound();
  const isMe = viewer?.person.handle === person.handle;
  const started = topics.edges.map((edge) => edge.node);
  return (
    <>
      <header className="profile-head">
        <Avatar person={person} size={72} />
        <div>
          <h1>
            {person.displayName}
            {person.isEmployee && <EmployeeMark />}
          </h1>
          <p className="hint">
            @{person.handle}
            {person.isEmployee && ` · ${[person.title, person.department?.name].filter(Boolean).join(' · ')}`}
            {person.pronouns && ` · ${person.pronouns}`}
            {person.location && ` · ${person.location}`}
          </p>
          {isMe && (
            <a className="button button-secondary button-small" href="/settings">
              Edit profile
            </a>
          )}
        </div>
      </header>
      {person.bio && <Markdown source={person.bio} />}
      {person.stats && (
        <dl className="stat-grid">
          <div>
            <dt>Answers</dt>
            <dd>{person.stats.answersGiven}</dd>
          </div>
          <div>
            <dt>Accepted answers</dt>
            <dd>{person.stats.acceptedAnswers}</dd>
          </div>
          <div>
            <dt>Topics joined</dt>
            <dd>{person.stats.topicsJoined}</dd>
          </div>
          <div>
            <dt>Typical first reply</dt>
            <dd>{formatMinutes(person.stats.medianFirstResponseMinutes)}</dd>
          </div>
        </dl>
      )}
      {person.expertise && person.expertise.length > 0 && (
        <section aria-labelledby="expertise">
          <h2 id="expertise">Knows about</h2>
          <ul className="chips">
            {person.expertise.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </section>
      )}
      {!person.isEmployee && (
        <CustomerTimeline personId={person.id} name={person.displayName} memory={person} />
      )}
      {person.isEmployee && (
        <section aria-labelledby="recent-answers">
          <div className="section-head">
            <h2 id="recent-answers">Recent answers</h2>
            <a className="hint" href={feedUrl(`/feeds/employee/${person.handle}.rss`)}>
              Follow {person.displayName}’s answers (RSS)
            </a>
          </div>
          {person.recentAnswers.length === 0 ? (
            <p className="empty">No public answers yet.</p>
          ) : (
            <ol className="topic-list answer-list">
              {person.recentAnswers.map((answer) => (
                <li key={answer.id} className="topic-row">
                  <a className="title" href={`${topicPath(answer.topic)}#${postAnchor(answer.id)}`}>
                    {answer.topic.title}
                  </a>
                  <span className="meta">
                    {answer.isAcceptedAnswer && <span className="badge badge-answered">Accepted answer</span>}{' '}
                    <time dateTime={answer.createdAt} suppressHydrationWarning>
                      {timeAgo(answer.createdAt)}
                    </time>
                  </span>
                  <p className="excerpt">{excerpt(answer.body, 180)}</p>
                </li>
              ))}
            </ol>
          )}
        </section>
      )}
      {person.conversations && (
        <section aria-labelledby="conversations">
          <h2 id="conversations">Conversations with Tallybook</h2>
          <p className="hint">Only {person.displayName} and Tallybook employees can see this history.</p>
          {person.conversations.edges.length === 0 ? (
            <p className="empty">No conversations yet.</p>
          ) : (
            <ul className="topic-list">
              {person.conversations.edges.map(({ node }) => (
                <li key={node.topic.id} className="topic-row">
                  <a className="title" href={topicPath(node.topic)}>
                    {node.topic.title}
                  </a>
                  <span className="meta">
                    {node.startedByThem ? 'Started' : `Replied ${node.theirReplyCount}×`} ·{' '}
                    {node.employees.length > 0
                      ? `talked with ${node.employees.map((employee) => employee.displayName).join(', ')}`
                      : 'no employee reply yet'}{' '}
                    ·{' '}
                    <time dateTime={node.lastActivityAt} suppressHydrationWarning>
                      {timeAgo(node.lastActivityAt)}
                    </time>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {!person.conversations && (
        <section aria-labelledby="started">
          <h2 id="started">Topics started</h2>
          {started.length === 0 ? (
            <p className="empty">No topics yet.</p>
          ) : (
            <ol className="topic-list">
              {started.map((topic) => (
                <TopicRow key={topic.id} topic={topic} />
              ))}
            </ol>
          )}
        </section>
      )}
    </>
  );
}

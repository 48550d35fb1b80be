import type { ResultOf } from 'gql.tada';
import type { TopicRowFields } from '../lib/fragments.ts';
import { categoryPath, topicPath } from '../lib/links.ts';
import { formatMinutes, timeAgo } from '../lib/time.ts';

export type TopicRowData = ResultOf<typeof TopicRowFields>;

export function TopicRow({ topic, fresh = false }: { topic: TopicRowData; fresh?: boolean }) {
  return (
    <li className={fresh ? 'topic-row topic-row-new' : 'topic-row'} data-testid="topic-row">
      <div className="badges">
        <span className={`kind kind-${topic.kind.toLowerCase()}`}>{topic.kind.toLowerCase()}</span>
        {topic.pinned && <span className="badge">Pinned</span>}
        {topic.awaitingEmployee ? (
          <span className="badge badge-waiting">Waiting for an employee</span>
        ) : topic.status === 'ANSWERED' ? (
          <span className="badge badge-answered">Answered</span>
        ) : topic.status === 'CLOSED' ? (
          <span className="badge badge-muted">Closed</span>
        ) : null}
      </div>
      <a className="title" href={topicPath(topic)}>
        {topic.title}
      </a>
      <span className="meta">
        {topic.author.displayName} in <a href={categoryPath(topic.category.slug)}>{topic.category.name}</a> ·{' '}
        <time dateTime={topic.createdAt} suppressHydrationWarning>
          {timeAgo(topic.createdAt)}
        </time>
        {topic.firstResponseMinutes !== null && (
          <> · employee replied in {formatMinutes(topic.firstResponseMinutes)}</>
        )}
      </span>
      <span className="stats">
        <strong>{topic.replyCount}</strong> {topic.replyCount === 1 ? 'reply' : 'replies'}
      </span>
    </li>
  );
}

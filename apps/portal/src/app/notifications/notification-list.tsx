'use client';

import type { ResultOf } from 'gql.tada';
import { useState } from 'react';
import { useClient } from '../../lib/browser-client.ts';
import { graphql } from '../../lib/graphql.ts';
import { ideaStatusLabel } from '../../lib/idea-status.ts';
import { postAnchor, topicPath } from '../../lib/links.ts';
import { timeAgo } from '../../lib/time.ts';
import { announceUnread } from '../../lib/unread-count.ts';
import type { NotificationsQuery } from './notifications-query.ts';

type Item = NonNullable<ResultOf<typeof NotificationsQuery>['notifications']>['edges'][number]['node'];

const MarkRead = graphql(`
  mutation MarkRead($ids: [ID!]) {
    markNotificationsRead(ids: $ids) {
      __typename
      ... on MutationMarkNotificationsReadSuccess { data }
    }
  }
`);

const describe: Record<string, string> = {
  REPLY: 'replied in',
  MENTION: 'mentioned you in',
  ANSWER_ACCEPTED: 'accepted an answer in',
  TOPIC_STATUS: 'changed the status of',
  TOPIC_MOVED: 'moved',
  IDEA_STATUS: 'changed the status of the idea',
  ESCALATION: 'escalated',
  RESOLUTION_CHECK: 'resolved the case and asks whether it is resolved for you:',
  CHECK_IN: 'asks “Still happening?” about',
};

/** Replies gathered into one line while it was unread: it links to the first of them. */
const gathered = (item: Item) => item.kind === 'REPLY' && item.count > 1;

function topicLink(item: Item) {
  if (!item.topic) return 'a topic';
  return (
    <a href={`${topicPath(item.topic)}${item.post ? `#${postAnchor(item.post.id)}` : ''}`}>
      {item.topic.title}
    </a>
  );
}

export function NotificationList({ initial }: { initial: Item[] }) {
  const client = useClient();
  const [items, setItems] = useState(initial);
  const unread = items.filter((item) => !item.readAt).length;
  const [failed, setFailed] = useState(false);
  /** Marks the given notifications read (all of them without ids); the header's badge follows. */
  const markRead = async (ids?: string[]) => {
    const result = await client.mutation(MarkRead, ids ? { ids } : {}).toPromise();
    const answer = result.data?.markNotificationsRead;
    if (answer?.__typename !== 'MutationMarkNotificationsReadSuccess') {
      setFailed(true);
      return;
    }
    setFailed(false);
    const now = new Date().toISOString();
    setItems((current) =>
      current.map((item) => (!ids || ids.includes(item.id) ? { ...item, readAt: item.readAt ?? now } : item)),
    );
    announceUnread(answer.data);
  };
  return (
    <>
      <div className="section-head">
        <h1>Notifications</h1>
        {unread > 0 && (
          <button type="button" className="button button-secondary" onClick={() => markRead()}>
            Mark all {unread} read
          </button>
        )}
      </div>
      {failed && (
        <p className="form-error" role="alert">
          That did not work. Try again in a moment.
        </p>
      )}
      {items.length === 0 ? (
        <p className="empty">Nothing yet. Follow a topic to hear about every reply.</p>
      ) : (
        <ul className="topic-list">
          {items.map((item) => (
            <li key={item.id} className={item.readAt ? 'topic-row' : 'topic-row topic-row-new'}>
              <span>
                {!item.readAt && <span className="badge badge-waiting">New</span>}{' '}
                {gathered(item) ? (
                  <>
                    {item.count} replies in {topicLink(item)}, the latest from{' '}
                    {item.actor?.displayName ?? 'someone'}
                  </>
                ) : (
                  <>
                    {item.actor?.displayName ?? (item.kind === 'CHECK_IN' ? 'Tallybook' : 'Someone')}{' '}
                    {describe[item.kind] ?? 'updated'} {topicLink(item)}
                  </>
                )}
                {item.kind === 'IDEA_STATUS' && item.topic?.ideaStatus && (
                  <> — now {ideaStatusLabel(item.topic.ideaStatus)}</>
                )}
              </span>
              <span className="meta notification-meta">
                <time dateTime={item.createdAt} suppressHydrationWarning>
                  {timeAgo(item.createdAt)}
                </time>
                {!item.readAt && (
                  <button
                    type="button"
                    className="button button-small button-secondary"
                    onClick={() => markRead([item.id])}
                  >
                    Mark read
                    <span className="visually-hidden">: {item.topic?.title ?? 'notification'}</span>
                  </button>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

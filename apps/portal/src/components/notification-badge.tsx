'use client';

import { useEffect, useState } from 'react';
import { useSubscription } from 'urql';
import { graphql } from '../lib/graphql.ts';
import { onUnreadAnnounced } from '../lib/unread-count.ts';

const NotificationAdded = graphql(`
  subscription NotificationBadge { notificationAdded { unreadCount } }
`);

/** The unread count in the header, kept live. */
export function NotificationBadge({ initial }: { initial: number }) {
  const [count, setCount] = useState(initial);
  // Marking read on the notifications page lowers the count without a live event.
  useEffect(() => onUnreadAnnounced(setCount), []);
  useSubscription({ query: NotificationAdded }, (_previous, data) => {
    setCount(data.notificationAdded.unreadCount);
    return data;
  });
  return (
    <a href="/notifications" className="nav-link notification-link" data-testid="notifications-link">
      Notifications
      {count > 0 ? (
        <span className="count-badge" data-testid="unread-count">
          {count}
          <span className="visually-hidden"> unread</span>
        </span>
      ) : null}
    </a>
  );
}

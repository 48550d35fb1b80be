'use client';

import { useEffect, useState } from 'react';
import { useSubscription } from '../lib/browser-client.ts';
import { graphql } from '../lib/graphql.ts';
import { onUnreadAnnounced } from '../lib/unread-count.ts';

const UnreadCount = graphql(`
  subscription NotificationBadge { unreadNotificationCount }
`);

/**
 * The unread count in the header, kept live: the server sends it as it is when the socket
 * subscribes (and again after a reconnect), then whenever a notification arrives or some are
 * marked read, in this tab or any other.
 */
export function NotificationBadge({ initial }: { initial: number }) {
  const [count, setCount] = useState(initial);
  // The notifications page announces what marking read left at once, before the live event.
  useEffect(() => onUnreadAnnounced(setCount), []);
  useSubscription({ query: UnreadCount }, (_previous, data) => {
    setCount(data.unreadNotificationCount);
    return data;
  });
  return (
    <a href="/notifications" className="nav-link notification-link" data-testid="notifications-link">
      <svg className="narrow-only" aria-hidden="true" width="20" height="20" viewBox="0 0 24 24">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      <span className="narrow-hidden">Notifications</span>
      {count > 0 ? (
        <span className="count-badge" data-testid="unread-count">
          {count}
          <span className="visually-hidden"> unread</span>
        </span>
      ) : null}
    </a>
  );
}

import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { afterParam, PageLinks } from '../../components/page-links.tsx';
import { getViewer, serverQuery } from '../../lib/server-client.ts';
import { NotificationList } from './notification-list.tsx';
import { NotificationsQuery } from './notifications-query.ts';

export const metadata: Metadata = { title: 'Notifications', robots: { index: false } };
export const dynamic = 'force-dynamic';

export default async function NotificationsPage({
  searchParams,
}: {
  searchParams: Promise<{ after?: string }>;
}) {
  const { viewer } = await getViewer();
  if (!viewer) redirect('/sign-in?next=/notifications');
  const search = await searchParams;
  const after = afterParam(search.after);
  // A cursor from an old link or a hand edit that the API refuses: the newest notifications.
  if (search.after !== undefined && !after) redirect('/notifications');
  const data = await serverQuery(NotificationsQuery, { after: after ?? null }).catch((error: unknown) => {
    if (after) redirect('/notifications');
    throw error;
  });
  const pageInfo = data.notifications?.pageInfo;
  return (
    <>
      <NotificationList
        key={after ?? 'first'}
        initial={data.notifications?.edges.map((edge) => edge.node) ?? []}
      />
      <PageLinks
        path="/notifications"
        query={{}}
        after={after}
        next={pageInfo?.hasNextPage ? pageInfo.endCursor : null}
        label="Older notifications"
      />
    </>
  );
}

import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getViewer, serverQuery } from '../../lib/server-client.ts';
import { NotificationList } from './notification-list.tsx';
import { NotificationsQuery } from './notifications-query.ts';

export const metadata: Metadata = { title: 'Notifications', robots: { index: false } };
export const dynamic = 'force-dynamic';

export default async function NotificationsPage() {
  const { viewer } = await getViewer();
  if (!viewer) redirect('/sign-in?next=/notifications');
  const data = await serverQuery(NotificationsQuery, {});
  return <NotificationList initial={data.notifications?.edges.map((edge) => edge.node) ?? []} />;
}

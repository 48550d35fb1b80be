import type { Prisma } from '@parley/prisma/client';
import { NotificationKind } from '@parley/prisma/enums';
import { builder } from './builder.ts';
import type { Viewer } from './context.ts';
import { db } from './db.ts';
import { writeErrors } from './errors.ts';
import { selection, signedIn } from './lookup.ts';
import { transact } from './realtime/transact.ts';
import { pageSizeLimit } from './validation.ts';
import { visibleNotifications, visiblePostsInTopic, visibleTopics } from './visibility.ts';

export const NotificationKindEnum = builder.enumType(NotificationKind, { name: 'NotificationKind' });

export const Notification = builder.prismaNode('Notification', {
  id: { field: 'id' },
  // node(id) answers null, not an error, for what the viewer may not see.
  nullable: true,
  // node(id) finds only the viewer's own notifications.
  findUnique: (id, context) =>
    ({ id: Number(id), userId: context.viewer?.id ?? -1 }) as Prisma.NotificationWhereUniqueInput,
  description: 'Something that happened on a topic you follow, or a mention of you. Only its owner sees it.',
  fields: (t) => ({
    kind: t.expose('kind', { type: NotificationKindEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    readAt: t.expose('readAt', { type: 'DateTime', nullable: true }),
    actor: t.relation('actor', {
      nullable: true,
      description: 'Who did it; of gathered replies, the latest replier.',
    }),
    count: t.int({
      description:
        'How many replies it stands for: replies to a topic gather into one unread notification (`post` is the first of them, `createdAt` and `actor` the latest). Counted as the owner may read them now; 1 for every other kind.',
      resolve: (notification, _args, context) => gatheredCount(notification, context.viewer),
    }),
    topic: t.prismaField({
      type: 'Topic',
      nullable: true,
      resolve: async (query, notification, _args, context) =>
        notification.topicId === null
          ? null
          : await db.topic.findFirst({
              ...selection(query),
              where: { id: notification.topicId, ...visibleTopics(context.viewer) },
            }),
    }),
    post: t.prismaField({
      type: 'Post',
      nullable: true,
      description: 'The post it is about, while the owner may still see it.',
      resolve: async (query, notification, _args, context) =>
        notification.postId === null
          ? null
          : await db.post.findFirst({
              ...selection(query),
              where: {
                id: notification.postId,
                ...visiblePostsInTopic(context.viewer),
                topic: visibleTopics(context.viewer),
              },
            }),
    }),
  }),
});

/**
 * The replies a gathering notification stands for that its owner may read now: from its first
 * (its post) to its latest (its time), of the first's kind (notes or public replies), by others.
 * A reply hidden or deleted since, or a note its owner may no longer read, is not counted.
 * Counted rather than read off `gathered`, which cannot tell which replies are readable now.
 */
async function gatheredCount(
  notification: {
    id: number;
    gathered: number;
    postId: number | null;
    topicId: number | null;
    userId: number;
    createdAt: Date;
  },
  viewer: Viewer | null,
): Promise<number> {
  const { postId, topicId } = notification;
  if (notification.gathered <= 1 || postId === null || topicId === null) return 1;
  const first = await db.post.findUnique({
    where: { id: postId },
    select: { createdAt: true, internal: true },
  });
  if (!first) return 1;
  const count = await db.post.count({
    where: {
      topicId,
      internal: first.internal,
      authorId: { not: notification.userId },
      createdAt: { gte: first.createdAt, lte: notification.createdAt },
      // Told of otherwise (a mention): that reply is a line of its own.
      notifications: { none: { userId: notification.userId, id: { not: notification.id } } },
      ...visiblePostsInTopic(viewer),
    },
  });
  return Math.max(1, count);
}

builder.queryField('notifications', (t) =>
  t.prismaConnection({
    type: Notification,
    cursor: 'id',
    maxSize: pageSizeLimit,
    nullable: true,
    description: "The viewer's notifications, newest first; null when signed out.",
    args: { unreadOnly: t.arg.boolean({ defaultValue: false }) },
    resolve: async (query, _root, args, context) =>
      context.viewer
        ? await db.notification.findMany({
            ...selection(query),
            where: {
              userId: context.viewer.id,
              ...(args.unreadOnly ? { readAt: null } : {}),
              ...visibleNotifications(context.viewer),
            },
            orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          })
        : null,
  }),
);

/** How many of the viewer's notifications are unread, counting only those they may still see. */
export const countUnread = (viewer: Viewer): Promise<number> =>
  db.notification.count({ where: { userId: viewer.id, readAt: null, ...visibleNotifications(viewer) } });

builder.queryField('unreadNotificationCount', (t) =>
  t.int({
    description: "How many of the viewer's notifications are unread (0 when signed out).",
    resolve: (_root, _args, context) => (context.viewer ? countUnread(context.viewer) : 0),
  }),
);

builder.mutationField('markNotificationsRead', (t) =>
  t.int({
    description:
      'Marks the given notifications (or, without ids, all of them) read; returns the unread count left.',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors] },
    args: { ids: t.arg.globalIDList({ for: [Notification] }) },
    resolve: async (_root, args, context) => {
      const viewer = signedIn(context.viewer);
      const ids = args.ids?.map((id) => Number(id.id));
      await transact(context, async (tx, emit) => {
        const { count } = await tx.notification.updateMany({
          where: { userId: viewer.id, readAt: null, ...(ids ? { id: { in: ids } } : {}) },
          data: { readAt: context.services.clock.now() },
        });
        // The viewer's other tabs and devices lower their badges too.
        if (count > 0) emit({ channel: 'user', id: viewer.id, event: { kind: 'READ' } });
      });
      return countUnread(viewer);
    },
  }),
);

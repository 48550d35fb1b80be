import { builder } from './builder.ts';
import { db } from './db.ts';
import { writeErrors } from './errors.ts';
import { findVisibleTopic, signedIn } from './lookup.ts';
import { Topic } from './topic.ts';

/** Follows are idempotent: following twice is one follow; the counter moves with the row. */
builder.mutationField('followTopic', (t) =>
  t.prismaField({
    type: Topic,
    description:
      'Get notified of every new reply and change on a topic. Authors and repliers follow automatically.',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors] },
    args: { topicId: t.arg.globalID({ required: true, for: [Topic] }) },
    resolve: async (query, _root, args, context) => {
      const viewer = signedIn(context.viewer);
      const topic = await findVisibleTopic(viewer, args.topicId.id);
      return db.$transaction(async (tx) => {
        const created = await tx.topicFollow.createMany({
          data: [{ topicId: topic.id, userId: viewer.id, createdAt: context.services.clock.now() }],
          skipDuplicates: true,
        });
        return tx.topic.update({
          ...query,
          where: { id: topic.id },
          data: { followerCount: { increment: created.count } },
        });
      });
    },
  }),
);

builder.mutationField('unfollowTopic', (t) =>
  t.prismaField({
    type: Topic,
    description: 'Stop notifications from a topic.',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors] },
    args: { topicId: t.arg.globalID({ required: true, for: [Topic] }) },
    resolve: async (query, _root, args, context) => {
      const viewer = signedIn(context.viewer);
      const topic = await findVisibleTopic(viewer, args.topicId.id);
      return db.$transaction(async (tx) => {
        const removed = await tx.topicFollow.deleteMany({ where: { topicId: topic.id, userId: viewer.id } });
        return tx.topic.update({
          ...query,
          where: { id: topic.id },
          data: { followerCount: { decrement: removed.count } },
        });
      });
    },
  }),
);

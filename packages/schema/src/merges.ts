import { builder } from './builder.ts';
import { db } from './db.ts';
import { ConflictError, ForbiddenError, writeErrors } from './errors.ts';
import { findVisibleTopic, selection, signedIn } from './lookup.ts';
import { notifyFollowers } from './notify.ts';
import { recordTopicEvent } from './realtime/events.ts';
import { notificationEvents, transact } from './realtime/transact.ts';
import { Topic } from './topic.ts';
import { categoryEvent } from './topic-mutations.ts';
import { canModerate, visibleTopics } from './visibility.ts';

/**
 * Duplicates become one conversation: merging moves the votes (one per person), followers and
 * replies into the surviving topic, and the merged one points there ("continued in …"). Related
 * topics are linked both ways.
 */

builder.prismaObjectFields(Topic, (t) => ({
  // Read with the viewer's visibility, like every topic: a merge into a topic hidden later must
  // not hand its title, body and replies to readers who cannot see it.
  mergedInto: t.field({
    type: Topic,
    nullable: true,
    description:
      'Set when this topic was merged into another the viewer can see: its replies and votes continue there.',
    select: { mergedIntoId: true },
    resolve: (topic, _args, context) =>
      topic.mergedIntoId === null
        ? null
        : db.topic.findFirst({ where: { id: topic.mergedIntoId, ...visibleTopics(context.viewer) } }),
  }),
  mergedFrom: t.relation('mergedFrom', {
    description: 'Topics merged into this one ("merged from …"), oldest merge first.',
    query: (_args, context) => ({
      where: visibleTopics(context.viewer),
      orderBy: [{ mergedAt: 'asc' }, { id: 'asc' }],
    }),
  }),
  relatedTopics: t.field({
    type: [Topic],
    description: 'Topics a moderator or employee linked to this one, either way round.',
    select: (_args, context, nested) => ({
      linksFrom: {
        where: { to: visibleTopics(context.viewer) },
        select: { to: nested(true) },
        orderBy: { toId: 'asc' },
      },
      linksTo: {
        where: { from: visibleTopics(context.viewer) },
        select: { from: nested(true) },
        orderBy: { fromId: 'asc' },
      },
    }),
    resolve: (topic) => [
      ...topic.linksTo.map((link) => link.from),
      ...topic.linksFrom.map((link) => link.to),
    ],
  }),
}));

const MergeTopicInput = builder.inputType('MergeTopicInput', {
  fields: (t) => ({
    topicId: t.globalID({ required: true, for: [Topic], description: 'The duplicate, which goes away.' }),
    intoTopicId: t.globalID({ required: true, for: [Topic], description: 'The topic that continues.' }),
  }),
});

builder.mutationField('mergeTopic', (t) =>
  t.prismaField({
    type: Topic,
    description:
      'Moderators and employees: merge a duplicate into another topic. Votes (one per person), followers and replies move; the duplicate is closed and locked and points to the surviving topic, which it returns.',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors, ConflictError] },
    args: { input: t.arg({ type: MergeTopicInput, required: true }) },
    resolve: async (query, _root, { input }, context) => {
      const viewer = signedIn(context.viewer);
      if (!canModerate(viewer)) throw new ForbiddenError('Only moderators and employees merge topics.');
      const source = await findVisibleTopic(viewer, input.topicId.id);
      const target = await findVisibleTopic(viewer, input.intoTopicId.id);
      if (source.id === target.id)
        throw new ConflictError('A topic cannot be merged into itself.', 'input.intoTopicId');
      if (source.mergedIntoId !== null)
        throw new ConflictError('This topic was already merged away.', 'input.topicId');
      if (target.mergedIntoId !== null)
        throw new ConflictError(
          'That topic was merged away; merge into the topic it continues in.',
          'input.intoTopicId',
        );
      // Merging across the line would publish a hidden topic's replies, or hide a public one's.
      if (source.hidden !== target.hidden)
        throw new ConflictError(
          source.hidden
            ? 'This topic is hidden: show it first, or merge it into another hidden topic.'
            : 'That topic is hidden: a public topic cannot continue in it.',
          source.hidden ? 'input.topicId' : 'input.intoTopicId',
        );
      const now = context.services.clock.now();
      return transact(context, async (tx, emit) => {
        // Both rows locked, lower id first, so two merges touching the same topics cannot cross.
        const [low, high] = source.id < target.id ? [source.id, target.id] : [target.id, source.id];
        await tx.$queryRaw`SELECT id FROM topics WHERE id IN (${low}, ${high}) ORDER BY id FOR UPDATE`;
        const fresh = await tx.topic.findMany({
          where: { id: { in: [source.id, target.id] } },
          select: { id: true, mergedIntoId: true, hidden: true, replyCount: true, internalNoteCount: true },
        });
        if (fresh.some((topic) => topic.mergedIntoId !== null))
          throw new ConflictError('One of these topics was merged away just now.', 'input.topicId');
        if (fresh.some((topic) => topic.hidden !== source.hidden))
          throw new ConflictError('One of these topics was hidden or shown just now.', 'input.topicId');
        // The counts as they are now, under the lock: a reply that landed since the first read counts.
        const counts = fresh.find((topic) => topic.id === source.id) ?? source;

        // Votes and follows: one per person on the surviving topic.
        const voted = await tx.$executeRaw`
          INSERT INTO votes (topic_id, user_id, created_at)
          SELECT ${target.id}, user_id, created_at FROM votes WHERE topic_id = ${source.id}
          ON CONFLICT DO NOTHING`;
        const followed = await tx.$executeRaw`
          INSERT INTO topic_follows (topic_id, user_id, created_at)
          SELECT ${target.id}, user_id, created_at FROM topic_follows WHERE topic_id = ${source.id}
          ON CONFLICT DO NOTHING`;
        await tx.vote.deleteMany({ where: { topicId: source.id } });
        await tx.topicFollow.deleteMany({ where: { topicId: source.id } });
        const moved = await tx.post.updateMany({
          where: { topicId: source.id },
          data: { topicId: target.id },
        });
        await tx.topic.update({
          where: { id: target.id },
          data: {
            voteCount: { increment: voted },
            followerCount: { increment: followed },
            replyCount: { increment: counts.replyCount },
            internalNoteCount: { increment: counts.internalNoteCount },
            lastActivityAt: now,
            // The duplicate's employee answer now lives here: the customer was answered.
            ...(target.firstEmployeeResponseAt === null && source.firstEmployeeResponseAt !== null
              ? {
                  firstEmployeeResponseAt: source.firstEmployeeResponseAt,
                  firstEmployeeResponderId: source.firstEmployeeResponderId,
                  awaitingEmployeeSince: null,
                }
              : {}),
          },
        });
        await tx.topic.update({
          where: { id: source.id },
          data: {
            mergedIntoId: target.id,
            mergedAt: now,
            status: 'CLOSED',
            locked: true,
            acceptedAnswerId: null,
            awaitingEmployeeSince: null,
            voteCount: 0,
            followerCount: 0,
            replyCount: 0,
            internalNoteCount: 0,
          },
        });
        const at = { actorId: viewer.id, at: now };
        const told = await notifyFollowers(tx, {
          ...at,
          topicId: target.id,
          kind: 'TOPIC_MOVED',
          internal: target.hidden,
        });
        emit(
          await recordTopicEvent(tx, {
            ...at,
            topicId: source.id,
            kind: 'TOPIC_CHANGED',
            changes: ['mergedInto', 'status', 'locked'],
          }),
          await recordTopicEvent(tx, {
            ...at,
            topicId: target.id,
            kind: 'TOPIC_CHANGED',
            changes: ['mergedFrom', 'voteCount', ...(moved.count > 0 ? ['replyCount'] : [])],
          }),
          categoryEvent('TOPIC_CHANGED', source, ['mergedInto', 'status']),
          categoryEvent('TOPIC_CHANGED', target, ['mergedFrom']),
          ...notificationEvents(told),
        );
        return tx.topic.findUniqueOrThrow({ ...selection(query), where: { id: target.id } });
      });
    },
  }),
);

builder.mutationField('linkTopics', (t) =>
  t.prismaField({
    type: Topic,
    description: 'Moderators and employees: show two topics as related, on both. Returns the first topic.',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors, ConflictError] },
    args: {
      topicId: t.arg.globalID({ required: true, for: [Topic] }),
      relatedTopicId: t.arg.globalID({ required: true, for: [Topic] }),
      linked: t.arg.boolean({ defaultValue: true, description: 'False removes the link.' }),
    },
    resolve: async (query, _root, args, context) => {
      const viewer = signedIn(context.viewer);
      if (!canModerate(viewer)) throw new ForbiddenError('Only moderators and employees link topics.');
      const topic = await findVisibleTopic(viewer, args.topicId.id);
      const related = await findVisibleTopic(viewer, args.relatedTopicId.id);
      if (topic.id === related.id)
        throw new ConflictError('A topic cannot be related to itself.', 'relatedTopicId');
      const [fromId, toId] = topic.id < related.id ? [topic.id, related.id] : [related.id, topic.id];
      const now = context.services.clock.now();
      return transact(context, async (tx, emit) => {
        if (args.linked ?? true) {
          const created = await tx.topicLink.createMany({
            data: [{ fromId, toId, createdById: viewer.id, createdAt: now }],
            skipDuplicates: true,
          });
          if (created.count === 0)
            throw new ConflictError('These topics are already linked.', 'relatedTopicId');
        } else {
          const removed = await tx.topicLink.deleteMany({ where: { fromId, toId } });
          if (removed.count === 0) throw new ConflictError('These topics are not linked.', 'relatedTopicId');
        }
        for (const id of [fromId, toId]) {
          emit(
            await recordTopicEvent(tx, {
              topicId: id,
              actorId: viewer.id,
              kind: 'TOPIC_CHANGED',
              changes: ['relatedTopics'],
              at: now,
            }),
          );
        }
        return tx.topic.findUniqueOrThrow({ ...selection(query), where: { id: topic.id } });
      });
    },
  }),
);

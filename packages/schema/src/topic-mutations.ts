import { slugify } from '@parley/prisma/slug';
import { builder } from './builder.ts';
import type { Viewer } from './context.ts';
import { db } from './db.ts';
import { TopicKindEnum } from './enums.ts';
import { writeErrors } from './errors.ts';
import { ForbiddenError, NotFoundError } from './failures.ts';
import { findVisibleTopic, findWritableTopic, selection, signedIn } from './lookup.ts';
import { notifyFollowers, notifyMentions, type Tx } from './notify.ts';
import { type Outgoing, recordTopicEvent } from './realtime/events.ts';
import { notificationEvents, transact } from './realtime/transact.ts';
import { Topic } from './topic.ts';
import { checkTags, tagIds } from './topic-input.ts';
import { LIMITS, Problems } from './validation.ts';
import { canModerate, isEmployee } from './visibility.ts';

const CreateTopicInput = builder.inputType('CreateTopicInput', {
  fields: (t) => ({
    category: t.string({ required: true, description: 'A category slug.' }),
    title: t.string({ required: true }),
    body: t.string({ required: true, description: 'Markdown.' }),
    kind: t.field({ type: TopicKindEnum, defaultValue: 'QUESTION' }),
    tags: t.stringList({ defaultValue: [], description: 'Up to five tag slugs; new ones are created.' }),
  }),
});

builder.mutationField('createTopic', (t) =>
  t.prismaField({
    type: Topic,
    description: 'Start a conversation. Customer topics wait for an employee until one replies in public.',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors] },
    args: { input: t.arg({ type: CreateTopicInput, required: true }) },
    resolve: async (query, _root, { input }, context) => {
      const viewer = signedIn(context.viewer);
      const problems = new Problems();
      const title = problems.text('input.title', input.title, LIMITS.title.min, LIMITS.title.max);
      const body = problems.text('input.body', input.body, LIMITS.body.min, LIMITS.body.max);
      const tags = checkTags(problems, 'input.tags', input.tags ?? []);
      const category = await db.category.findUnique({ where: { slug: input.category } });
      if (!category) problems.add('input.category', `no category "${input.category}"`);
      problems.throwIfAny();
      const now = context.services.clock.now();
      return transact(context, async (tx, emit) => {
        const ids = await tagIds(tx, tags);
        const topic = await tx.topic.create({
          data: {
            slug: slugify(title),
            title,
            body,
            kind: input.kind ?? 'QUESTION',
            ideaStatus: input.kind === 'IDEA' ? 'OPEN' : null,
            authorId: viewer.id,
            categoryId: category?.id ?? 0,
            createdAt: now,
            lastActivityAt: now,
            awaitingEmployeeSince: isEmployee(viewer) ? null : now,
            followerCount: 1,
            tags: { create: ids.map((tagId) => ({ tagId })) },
            follows: { create: { userId: viewer.id, createdAt: now } },
          },
        });
        await tx.category.update({ where: { id: topic.categoryId }, data: { topicCount: { increment: 1 } } });
        await tx.tag.updateMany({ where: { id: { in: ids } }, data: { topicCount: { increment: 1 } } });
        const mentioned = await notifyMentions(tx, { body, actorId: viewer.id, topicId: topic.id, at: now });
        emit(categoryEvent('TOPIC_CREATED', topic), ...notificationEvents(mentioned));
        return tx.topic.findUniqueOrThrow({ ...selection(query), where: { id: topic.id } });
      });
    },
  }),
);

const EditTopicInput = builder.inputType('EditTopicInput', {
  fields: (t) => ({
    topicId: t.globalID({ required: true, for: [Topic] }),
    title: t.string(),
    body: t.string(),
    kind: t.field({ type: TopicKindEnum }),
    tags: t.stringList(),
  }),
});

builder.mutationField('editTopic', (t) =>
  t.prismaField({
    type: Topic,
    description:
      'Change a topic’s title, body, kind or tags (its author, moderators and employees). Keeps the old text as a revision.',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors] },
    args: { input: t.arg({ type: EditTopicInput, required: true }) },
    resolve: async (query, _root, { input }, context) => {
      const viewer = signedIn(context.viewer);
      const topic = await findWritableTopic(viewer, input.topicId.id);
      if (topic.authorId !== viewer.id && !canModerate(viewer))
        throw new ForbiddenError('Only the author, moderators and employees can edit this topic.');
      const problems = new Problems();
      const title =
        input.title == null
          ? undefined
          : problems.text('input.title', input.title, LIMITS.title.min, LIMITS.title.max);
      const body =
        input.body == null
          ? undefined
          : problems.text('input.body', input.body, LIMITS.body.min, LIMITS.body.max);
      const tags = input.tags == null ? undefined : checkTags(problems, 'input.tags', input.tags);
      problems.throwIfAny();
      const now = context.services.clock.now();
      return transact(context, async (tx, emit) => {
        const currentTags =
          tags === undefined
            ? undefined
            : (
                await tx.topicTag.findMany({
                  where: { topicId: topic.id },
                  select: { tag: { select: { slug: true } } },
                })
              )
                .map((link) => link.tag.slug)
                .sort();
        const changes = [
          ...(title !== undefined && title !== topic.title ? (['title'] as const) : []),
          ...(body !== undefined && body !== topic.body ? (['body'] as const) : []),
          ...(input.kind != null && input.kind !== topic.kind ? (['kind'] as const) : []),
          ...(tags !== undefined && [...new Set(tags)].sort().join() !== currentTags?.join()
            ? (['tags'] as const)
            : []),
        ];
        // Saving what is already there is not an edit: no revision, no "edited" mark, no event.
        if (changes.length === 0)
          return tx.topic.findUniqueOrThrow({ ...selection(query), where: { id: topic.id } });
        if (changes.includes('title') || changes.includes('body')) {
          await tx.topicRevision.create({
            data: {
              topicId: topic.id,
              editorId: viewer.id,
              title: topic.title,
              body: topic.body,
              createdAt: now,
            },
          });
        }
        if (tags !== undefined) {
          const before = await tx.topicTag.findMany({
            where: { topicId: topic.id },
            select: { tagId: true },
          });
          const ids = await tagIds(tx, tags);
          const removed = before.map((link) => link.tagId).filter((id) => !ids.includes(id));
          const added = ids.filter((id) => !before.some((link) => link.tagId === id));
          await tx.topicTag.deleteMany({ where: { topicId: topic.id, tagId: { in: removed } } });
          await tx.topicTag.createMany({ data: added.map((tagId) => ({ topicId: topic.id, tagId })) });
          if (!topic.hidden) {
            await tx.tag.updateMany({
              where: { id: { in: removed } },
              data: { topicCount: { decrement: 1 } },
            });
            await tx.tag.updateMany({ where: { id: { in: added } }, data: { topicCount: { increment: 1 } } });
          }
        }
        const kind = input.kind ?? topic.kind;
        emit(
          await recordTopicEvent(tx, {
            topicId: topic.id,
            kind: 'TOPIC_CHANGED',
            actorId: viewer.id,
            changes,
            at: now,
          }),
          categoryEvent('TOPIC_CHANGED', topic, changes),
        );
        return tx.topic.update({
          ...selection(query),
          where: { id: topic.id },
          data: {
            ...(title !== undefined ? { title, slug: slugify(title) } : {}),
            ...(body !== undefined ? { body } : {}),
            kind,
            ideaStatus: kind === 'IDEA' ? (topic.ideaStatus ?? 'OPEN') : null,
            editedAt: now,
          },
        });
      });
    },
  }),
);

/** Votes are idempotent, one per person; the counter moves with the row. */
for (const [name, up] of [
  ['vote', true],
  ['unvote', false],
] as const) {
  builder.mutationField(name, (t) =>
    t.prismaField({
      type: Topic,
      description: up
        ? 'Vote for a topic (an idea, usually); voting twice counts once.'
        : 'Take back a vote.',
      authScopes: { signedIn: true },
      errors: { types: [...writeErrors] },
      args: { topicId: t.arg.globalID({ required: true, for: [Topic] }) },
      resolve: async (query, _root, args, context) => {
        const viewer = signedIn(context.viewer);
        // Votes moved with a merge; taking one back from the old topic is still allowed.
        const topic = up
          ? await findWritableTopic(viewer, args.topicId.id)
          : await findVisibleTopic(viewer, args.topicId.id);
        const now = context.services.clock.now();
        return transact(context, async (tx, emit) => {
          const changed = up
            ? (
                await tx.vote.createMany({
                  data: [{ topicId: topic.id, userId: viewer.id, createdAt: now }],
                  skipDuplicates: true,
                })
              ).count
            : -(await tx.vote.deleteMany({ where: { topicId: topic.id, userId: viewer.id } })).count;
          if (changed !== 0) {
            const change = { topicId: topic.id, actorId: viewer.id, changes: ['voteCount'], at: now };
            emit(await recordTopicEvent(tx, { ...change, kind: 'TOPIC_CHANGED' }));
          }
          return tx.topic.update({
            ...selection(query),
            where: { id: topic.id },
            data: { voteCount: { increment: changed } },
          });
        });
      },
    }),
  );
}

/** Follows are idempotent: following twice is one follow; the counter moves with the row. */
for (const [name, follow] of [
  ['followTopic', true],
  ['unfollowTopic', false],
] as const) {
  builder.mutationField(name, (t) =>
    t.prismaField({
      type: Topic,
      description: follow
        ? 'Get notified of every new reply and change on a topic. Authors and repliers follow automatically.'
        : 'Stop notifications from a topic.',
      authScopes: { signedIn: true },
      errors: { types: [...writeErrors] },
      args: { topicId: t.arg.globalID({ required: true, for: [Topic] }) },
      resolve: async (query, _root, args, context) => {
        const viewer = signedIn(context.viewer);
        const topic = follow
          ? await findWritableTopic(viewer, args.topicId.id)
          : await findVisibleTopic(viewer, args.topicId.id);
        const now = context.services.clock.now();
        return transact(context, async (tx) => {
          const changed = follow
            ? (
                await tx.topicFollow.createMany({
                  data: [{ topicId: topic.id, userId: viewer.id, createdAt: now }],
                  skipDuplicates: true,
                })
              ).count
            : -(await tx.topicFollow.deleteMany({ where: { topicId: topic.id, userId: viewer.id } })).count;
          return tx.topic.update({
            ...selection(query),
            where: { id: topic.id },
            data: { followerCount: { increment: changed } },
          });
        });
      },
    }),
  );
}

/**
 * What a closed topic goes back to: ANSWERED if it had an answer (an accepted reply, a resolution
 * its author confirmed, a problem marked fixed and not reported still happening), else OPEN.
 */
async function reopenedStatus(tx: Tx, topic: { id: number; acceptedAnswerId: number | null }) {
  if (topic.acceptedAnswerId !== null) return 'ANSWERED' as const;
  const [escalation, checkIn] = await Promise.all([
    tx.escalation.findUnique({ where: { topicId: topic.id }, select: { confirmed: true } }),
    tx.checkIn.findUnique({ where: { topicId: topic.id }, select: { stillHappening: true } }),
  ]);
  const answered = escalation?.confirmed === true || (checkIn !== null && checkIn.stillHappening !== true);
  return answered ? ('ANSWERED' as const) : ('OPEN' as const);
}

function requireModerator(viewer: Viewer): void {
  if (!canModerate(viewer)) throw new ForbiddenError('Only moderators and employees can do this.');
}

/** Pin, lock, close and hide: moderator switches on a topic, each notifying its followers. */
const switches = {
  pinTopic: { arg: 'pinned', describe: 'Pin a topic to the top of its category (or unpin it).' },
  lockTopic: { arg: 'locked', describe: 'Lock a topic so it takes no new replies (or unlock it).' },
  closeTopic: { arg: 'closed', describe: 'Close a topic (or reopen it): its status becomes CLOSED.' },
  hideTopic: {
    arg: 'hidden',
    describe: 'Hide a topic from everyone but moderators and employees (or show it).',
  },
} as const;

for (const [name, { arg, describe }] of Object.entries(switches)) {
  builder.mutationField(name, (t) =>
    t.prismaField({
      type: Topic,
      description: `${describe} Moderators and employees only.`,
      authScopes: { signedIn: true },
      errors: { types: [...writeErrors] },
      args: {
        topicId: t.arg.globalID({ required: true, for: [Topic] }),
        on: t.arg.boolean({ defaultValue: true, description: `Whether the topic should be ${arg}.` }),
      },
      resolve: async (query, _root, args, context) => {
        const viewer = signedIn(context.viewer);
        const topic = await findVisibleTopic(viewer, args.topicId.id);
        requireModerator(viewer);
        const on = args.on ?? true;
        const now = context.services.clock.now();
        return transact(context, async (tx, emit) => {
          const data =
            arg === 'closed'
              ? { status: on ? ('CLOSED' as const) : await reopenedStatus(tx, topic) }
              : { [arg]: on };
          if (arg === 'hidden' && topic.hidden !== on) {
            const step = on ? { decrement: 1 } : { increment: 1 };
            await tx.category.update({ where: { id: topic.categoryId }, data: { topicCount: step } });
            await tx.tag.updateMany({
              where: { topics: { some: { topicId: topic.id } } },
              data: { topicCount: step },
            });
          }
          const updated = await tx.topic.update({ ...selection(query), where: { id: topic.id }, data });
          const changes = [arg === 'closed' ? 'status' : arg];
          const change = { topicId: topic.id, actorId: viewer.id, at: now };
          emit(
            await recordTopicEvent(tx, { ...change, kind: 'TOPIC_CHANGED', changes }),
            categoryEvent('TOPIC_CHANGED', topic, changes),
          );
          if (arg === 'closed' && topic.status !== updated.status) {
            const told = await notifyFollowers(tx, {
              ...change,
              kind: 'TOPIC_STATUS',
              internal: topic.hidden,
            });
            emit(...notificationEvents(told));
          }
          return updated;
        });
      },
    }),
  );
}

builder.mutationField('moveTopic', (t) =>
  t.prismaField({
    type: Topic,
    description: 'Move a topic to another category. Moderators and employees only.',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors] },
    args: {
      topicId: t.arg.globalID({ required: true, for: [Topic] }),
      category: t.arg.string({ required: true, description: 'The new category’s slug.' }),
    },
    resolve: async (query, _root, args, context) => {
      const viewer = signedIn(context.viewer);
      const topic = await findVisibleTopic(viewer, args.topicId.id);
      requireModerator(viewer);
      const category = await db.category.findUnique({ where: { slug: args.category } });
      if (!category) throw new NotFoundError('category', args.category);
      if (category.id === topic.categoryId)
        return db.topic.findUniqueOrThrow({ ...selection(query), where: { id: topic.id } });
      const now = context.services.clock.now();
      return transact(context, async (tx, emit) => {
        if (!topic.hidden) {
          await tx.category.update({
            where: { id: topic.categoryId },
            data: { topicCount: { decrement: 1 } },
          });
          await tx.category.update({ where: { id: category.id }, data: { topicCount: { increment: 1 } } });
        }
        const moved = await tx.topic.update({
          ...selection(query),
          where: { id: topic.id },
          data: { categoryId: category.id },
        });
        const change = { topicId: topic.id, actorId: viewer.id, at: now };
        const told = await notifyFollowers(tx, { ...change, kind: 'TOPIC_MOVED', internal: topic.hidden });
        emit(
          await recordTopicEvent(tx, { ...change, kind: 'TOPIC_CHANGED', changes: ['category'] }),
          categoryEvent('TOPIC_CHANGED', topic, ['category']),
          categoryEvent('TOPIC_CHANGED', { id: topic.id, categoryId: category.id }, ['category']),
          ...notificationEvents(told),
        );
        return moved;
      });
    },
  }),
);

/**
 * A change to a topic: numbered and kept for its page's subscribers (catch-up by cursor), and
 * told to its category's watchers. Call inside the write's transaction; emit what it returns.
 */
export async function topicChanged(
  tx: Tx,
  topic: { id: number; categoryId: number },
  actorId: number,
  changes: string[],
  at: Date,
): Promise<Outgoing[]> {
  return [
    await recordTopicEvent(tx, { topicId: topic.id, actorId, kind: 'TOPIC_CHANGED', changes, at }),
    categoryEvent('TOPIC_CHANGED', topic, changes),
  ];
}

/** Tells category watchers (the home page, the employees' inbox) about a topic. */
export function categoryEvent(
  kind: 'TOPIC_CREATED' | 'TOPIC_CHANGED',
  topic: { id: number; categoryId: number },
  changes: string[] = [],
): Outgoing {
  return { channel: 'category', id: topic.categoryId, event: { kind, topicId: topic.id, changes } };
}

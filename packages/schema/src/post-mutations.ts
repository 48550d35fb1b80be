import type { Prisma } from '@parley/prisma/client';
import { builder } from './builder.ts';
import type { Viewer } from './context.ts';
import { db } from './db.ts';
import { writeErrors } from './errors.ts';
import { ForbiddenError, NotFoundError } from './failures.ts';
import { findVisibleTopic, findWritableTopic, selection, signedIn } from './lookup.ts';
import { notifyFollowers, notifyFollowersOfReply, notifyMentions, type Tx, ungatherReply } from './notify.ts';
import { Post, ReactionKindEnum } from './post.ts';
import { recordTopicEvent } from './realtime/events.ts';
import { notificationEvents, transact } from './realtime/transact.ts';
import { Topic } from './topic.ts';
import { categoryEvent } from './topic-mutations.ts';
import { LIMITS, Problems } from './validation.ts';
import { canModerate, isEmployee, publicPosts, seesInternal, visiblePosts } from './visibility.ts';

async function findVisiblePost(viewer: Viewer | null, id: string) {
  const numeric = Number(id);
  const post = Number.isSafeInteger(numeric)
    ? await db.post.findFirst({ where: { id: numeric, ...visiblePosts(viewer) }, include: { topic: true } })
    : null;
  if (!post) throw new NotFoundError('post', id);
  return post;
}

interface WithdrawnPost {
  id: number;
  topicId: number;
  authorId: number;
  internal: boolean;
  createdAt: Date;
}

/**
 * A post no longer counts (deleted or hidden): notifications it was the latest of name the reply
 * before it; for a public post its topic's counters and answer follow, and
 * if it was the topic's first employee response, the next public one is (or, without one, the
 * topic waits for an employee again), so nobody is shown an answer they cannot read. Returns the
 * topic's changed fields, for the live event.
 */
async function withdrawPublicPost(tx: Tx, post: WithdrawnPost): Promise<string[]> {
  await ungatherReply(tx, post);
  if (post.internal) {
    await tx.topic.update({ where: { id: post.topicId }, data: { internalNoteCount: { decrement: 1 } } });
    return [];
  }
  const topic = await tx.topic.update({
    where: { id: post.topicId },
    data: { replyCount: { decrement: 1 } },
  });
  const changes = ['replyCount'];
  if (topic.lastActivityAt.getTime() === post.createdAt.getTime()) {
    // The topic's latest activity was this reply: it falls back to what is still there to read,
    // so a hidden or deleted reply does not keep the topic at the top of "active".
    await tx.topic.update({
      where: { id: topic.id },
      data: { lastActivityAt: await lastPublicActivity(tx, topic, post.id) },
    });
    changes.push('lastActivityAt');
  }
  if (topic.acceptedAnswerId === post.id) {
    // A closed topic stays closed; an answered one is open again.
    await tx.topic.update({
      where: { id: topic.id },
      data: { acceptedAnswerId: null, ...(topic.status === 'ANSWERED' ? { status: 'OPEN' } : {}) },
    });
    changes.push('acceptedAnswer', 'status');
  }
  const wasFirstResponse =
    topic.firstEmployeeResponderId === post.authorId &&
    topic.firstEmployeeResponseAt?.getTime() === post.createdAt.getTime();
  if (wasFirstResponse) {
    const next = await tx.post.findFirst({
      where: {
        topicId: topic.id,
        id: { not: post.id },
        ...publicPosts,
        author: { kind: 'EMPLOYEE' },
      },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { createdAt: true, authorId: true },
    });
    const author = await tx.user.findUniqueOrThrow({ where: { id: topic.authorId }, select: { kind: true } });
    await tx.topic.update({
      where: { id: topic.id },
      data: next
        ? { firstEmployeeResponseAt: next.createdAt, firstEmployeeResponderId: next.authorId }
        : {
            firstEmployeeResponseAt: null,
            firstEmployeeResponderId: null,
            // A customer's topic without a readable employee answer is waiting, since it began.
            awaitingEmployeeSince: author.kind === 'CUSTOMER' ? topic.createdAt : null,
          },
    });
    changes.push('awaitingEmployee', 'employeeAnswered');
  }
  return changes;
}

/**
 * When a topic was last active, leaving out the reply `withdrawn`: its latest public reply, its
 * idea status's change, or its start.
 */
async function lastPublicActivity(
  tx: Tx,
  topic: { id: number; createdAt: Date; ideaStatusChangedAt: Date | null },
  withdrawn: number,
): Promise<Date> {
  const latest = await tx.post.findFirst({
    where: { topicId: topic.id, id: { not: withdrawn }, ...publicPosts },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: { createdAt: true },
  });
  const times = [topic.createdAt, topic.ideaStatusChangedAt, latest?.createdAt];
  return new Date(Math.max(...times.map((time) => time?.getTime() ?? 0)));
}

/** A hidden public post shown again counts again, as the first employee response if it was. */
async function restorePublicPost(tx: Tx, post: WithdrawnPost): Promise<string[]> {
  const counted = await tx.topic.update({
    where: { id: post.topicId },
    data: { replyCount: { increment: 1 } },
  });
  const changes = ['replyCount'];
  // It is the topic's latest activity again if nothing has happened since.
  const latest = counted.lastActivityAt < post.createdAt;
  const topic = latest
    ? await tx.topic.update({ where: { id: counted.id }, data: { lastActivityAt: post.createdAt } })
    : counted;
  if (latest) changes.push('lastActivityAt');
  const author = await tx.user.findUniqueOrThrow({ where: { id: post.authorId }, select: { kind: true } });
  const earlier = !topic.firstEmployeeResponseAt || topic.firstEmployeeResponseAt > post.createdAt;
  if (author.kind !== 'EMPLOYEE' || !earlier) return changes;
  await tx.topic.update({
    where: { id: topic.id },
    data: {
      firstEmployeeResponseAt: post.createdAt,
      firstEmployeeResponderId: post.authorId,
      awaitingEmployeeSince: null,
    },
  });
  return [...changes, 'awaitingEmployee', 'employeeAnswered'];
}

/** What live pages and lists need after a post's withdrawal or return changed its topic. */
async function withdrawnEvents(
  tx: Tx,
  topic: { id: number; categoryId: number },
  changes: string[],
  actorId: number,
  at: Date,
) {
  if (changes.length === 0) return [];
  return [
    await recordTopicEvent(tx, { topicId: topic.id, kind: 'TOPIC_CHANGED', actorId, changes, at }),
    categoryEvent('TOPIC_CHANGED', topic, changes),
  ];
}

function removedEvent(
  tx: Tx,
  post: { id: number; topicId: number; internal: boolean },
  actorId: number,
  at: Date,
) {
  return recordTopicEvent(tx, {
    topicId: post.topicId,
    kind: 'POST_REMOVED',
    actorId,
    postId: post.id,
    internal: post.internal,
    at,
  });
}

const CreatePostInput = builder.inputType('CreatePostInput', {
  fields: (t) => ({
    topicId: t.globalID({ required: true, for: [Topic] }),
    body: t.string({ required: true, description: 'Markdown.' }),
    replyTo: t.globalID({ for: [Post], description: 'The post this one answers, in the same topic.' }),
    internal: t.boolean({
      defaultValue: false,
      description: 'An employee-only note: only employees can write or ever see it.',
    }),
  }),
});

builder.mutationField('createPost', (t) =>
  t.prismaField({
    type: Post,
    description:
      'Reply in a topic (or, for employees, add an internal note). The first public employee reply ends the topic’s wait.',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors] },
    args: { input: t.arg({ type: CreatePostInput, required: true }) },
    resolve: async (query, _root, { input }, context) => {
      const viewer = signedIn(context.viewer);
      const topic = await findWritableTopic(viewer, input.topicId.id);
      const internal = input.internal ?? false;
      if (internal && !isEmployee(viewer))
        throw new ForbiddenError('Only employees can write internal notes.');
      // A token that may not read notes may not write one either (and be handed it back).
      if (internal && !seesInternal(viewer))
        throw new ForbiddenError('Internal notes need a session or a token with the READ_INTERNAL scope.');
      if (topic.locked && !internal && !canModerate(viewer))
        throw new ForbiddenError('This topic is locked: it takes no new replies.');
      const problems = new Problems();
      const body = problems.text('input.body', input.body, LIMITS.body.min, LIMITS.body.max);
      let replyToId: number | null = null;
      if (input.replyTo) {
        // A public reply answers a public post: one pointing at an internal note would dangle for
        // every reader who cannot see notes.
        const parent = await db.post.findFirst({
          where: {
            id: Number(input.replyTo.id),
            topicId: topic.id,
            ...visiblePosts(viewer),
            ...(internal ? {} : { internal: false }),
          },
        });
        if (parent) replyToId = parent.id;
        else
          problems.add(
            'input.replyTo',
            internal ? 'is not a post in this topic' : 'is not a public post in this topic',
          );
      }
      problems.throwIfAny();
      const now = context.services.clock.now();
      const employeeAnswer = isEmployee(viewer) && !internal;
      return transact(context, async (tx, emit) => {
        const post = await tx.post.create({
          data: { topicId: topic.id, authorId: viewer.id, body, replyToId, internal, createdAt: now },
        });
        await tx.topic.update({
          where: { id: topic.id },
          data: internal
            ? { internalNoteCount: { increment: 1 } }
            : { replyCount: { increment: 1 }, lastActivityAt: now },
        });
        let waitEnded = false;
        if (employeeAnswer) {
          // Conditional, so of two employees answering at once exactly one is the first.
          const first = await tx.topic.updateMany({
            where: { id: topic.id, firstEmployeeResponseAt: null },
            data: {
              firstEmployeeResponseAt: now,
              firstEmployeeResponderId: viewer.id,
              awaitingEmployeeSince: null,
            },
          });
          // A topic reopened after its first answer (a check-in said "still happening") waits again.
          const reopened = await tx.topic.updateMany({
            where: { id: topic.id, awaitingEmployeeSince: { not: null } },
            data: { awaitingEmployeeSince: null },
          });
          waitEnded = first.count + reopened.count > 0;
        }
        if (!internal) {
          const followed = await tx.topicFollow.createMany({
            data: [{ topicId: topic.id, userId: viewer.id, createdAt: now }],
            skipDuplicates: true,
          });
          if (followed.count > 0)
            await tx.topic.update({ where: { id: topic.id }, data: { followerCount: { increment: 1 } } });
        }
        const event = { topicId: topic.id, actorId: viewer.id, postId: post.id, internal, at: now };
        // The people mentioned hear of it as a mention, followers or not; other followers as a reply.
        const mentioned = await notifyMentions(tx, { ...event, body, internal: internal || topic.hidden });
        const told = await notifyFollowersOfReply(
          tx,
          { ...event, note: internal, internal: internal || topic.hidden },
          mentioned,
        );
        emit(
          await recordTopicEvent(tx, { ...event, kind: 'POST_ADDED' }),
          ...notificationEvents([...told, ...mentioned]),
        );
        // Everyone on the topic sees it stop waiting, and how fast the company answered.
        if (waitEnded)
          emit(
            await recordTopicEvent(tx, { ...event, kind: 'TOPIC_CHANGED', changes: ['awaitingEmployee'] }),
          );
        if (!internal) {
          const changes = employeeAnswer ? ['replyCount', 'employeeAnswered'] : ['replyCount'];
          emit(categoryEvent('TOPIC_CHANGED', topic, changes));
        }
        return tx.post.findUniqueOrThrow({ ...selection(query), where: { id: post.id } });
      });
    },
  }),
);

builder.mutationField('editPost', (t) =>
  t.prismaField({
    type: Post,
    description: 'Change your own post. The previous body is kept and shown as its history.',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors] },
    args: {
      postId: t.arg.globalID({ required: true, for: [Post] }),
      body: t.arg.string({ required: true }),
    },
    resolve: async (query, _root, args, context) => {
      const viewer = signedIn(context.viewer);
      const post = await findVisiblePost(viewer, args.postId.id);
      if (post.authorId !== viewer.id) throw new ForbiddenError('You can only edit your own posts.');
      const problems = new Problems();
      const body = problems.text('body', args.body, LIMITS.body.min, LIMITS.body.max);
      problems.throwIfAny();
      const now = context.services.clock.now();
      return transact(context, async (tx, emit) => {
        await tx.postRevision.create({
          data: { postId: post.id, editorId: viewer.id, body: post.body, createdAt: now },
        });
        emit(
          await recordTopicEvent(tx, {
            topicId: post.topicId,
            kind: 'POST_EDITED',
            actorId: viewer.id,
            postId: post.id,
            internal: post.internal,
            changes: ['body'],
            at: now,
          }),
        );
        return tx.post.update({ ...selection(query), where: { id: post.id }, data: { body, editedAt: now } });
      });
    },
  }),
);

builder.mutationField('deletePost', (t) =>
  t.prismaField({
    type: Topic,
    description: 'Delete a post (its author or a moderator). It leaves the thread; returns the topic.',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors] },
    args: { postId: t.arg.globalID({ required: true, for: [Post] }) },
    resolve: async (query, _root, args, context) => {
      const viewer = signedIn(context.viewer);
      const post = await findVisiblePost(viewer, args.postId.id);
      if (post.authorId !== viewer.id && !canModerate(viewer))
        throw new ForbiddenError('Only the author or a moderator can delete this post.');
      return transact(context, async (tx, emit) => {
        const now = context.services.clock.now();
        await tx.post.update({ where: { id: post.id }, data: { deletedAt: now } });
        emit(await removedEvent(tx, post, viewer.id, now));
        // A hidden reply already left the counters when it was hidden.
        if (post.internal || !post.hidden) {
          const changes = await withdrawPublicPost(tx, post);
          emit(...(await withdrawnEvents(tx, post.topic, changes, viewer.id, now)));
        }
        return tx.topic.findUniqueOrThrow({ ...selection(query), where: { id: post.topicId } });
      });
    },
  }),
);

builder.mutationField('hidePost', (t) =>
  t.prismaField({
    type: Post,
    description: 'Hide a reply from everyone but moderators and employees (or show it again).',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors] },
    args: {
      postId: t.arg.globalID({ required: true, for: [Post] }),
      on: t.arg.boolean({ defaultValue: true }),
    },
    resolve: async (query, _root, args, context) => {
      const viewer = signedIn(context.viewer);
      const post = await findVisiblePost(viewer, args.postId.id);
      if (!canModerate(viewer)) throw new ForbiddenError('Only moderators and employees can hide posts.');
      const on = args.on ?? true;
      const now = context.services.clock.now();
      return transact(context, async (tx, emit) => {
        if (post.hidden !== on) {
          emit(
            on
              ? await removedEvent(tx, post, viewer.id, now)
              : await recordTopicEvent(tx, {
                  topicId: post.topicId,
                  kind: 'POST_ADDED',
                  actorId: viewer.id,
                  postId: post.id,
                  internal: post.internal,
                  at: now,
                }),
          );
        }
        if (post.hidden === on || post.internal) {
          return tx.post.update({ ...selection(query), where: { id: post.id }, data: { hidden: on } });
        }
        const changes = on ? await withdrawPublicPost(tx, post) : await restorePublicPost(tx, post);
        emit(...(await withdrawnEvents(tx, post.topic, changes, viewer.id, now)));
        return tx.post.update({ ...selection(query), where: { id: post.id }, data: { hidden: on } });
      });
    },
  }),
);

async function requireAnswerer(viewer: Viewer, topic: { authorId: number }): Promise<void> {
  if (topic.authorId !== viewer.id && !isEmployee(viewer) && !canModerate(viewer))
    throw new ForbiddenError('Only the topic’s author or an employee can choose its answer.');
}

builder.mutationField('acceptAnswer', (t) =>
  t.prismaField({
    type: Topic,
    description:
      'Mark a public reply as the answer (the topic’s author or an employee). The topic becomes ANSWERED.',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors] },
    args: { postId: t.arg.globalID({ required: true, for: [Post] }) },
    resolve: async (query, _root, args, context) => {
      const viewer = signedIn(context.viewer);
      const post = await findVisiblePost(viewer, args.postId.id);
      await requireAnswerer(viewer, post.topic);
      if (post.internal || post.hidden) throw new ForbiddenError('Only a public reply can be the answer.');
      const now = context.services.clock.now();
      return transact(context, async (tx, emit) => {
        // Accepting the answer already accepted changes nothing and tells nobody again; the
        // condition holds under concurrent requests too.
        const accepted = await tx.topic.updateMany({
          where: {
            id: post.topicId,
            OR: [{ acceptedAnswerId: null }, { acceptedAnswerId: { not: post.id } }],
          },
          data: { acceptedAnswerId: post.id, status: post.topic.status === 'CLOSED' ? 'CLOSED' : 'ANSWERED' },
        });
        const topic = await tx.topic.findUniqueOrThrow({ ...selection(query), where: { id: post.topicId } });
        if (accepted.count === 0) return topic;
        const event = { topicId: post.topicId, actorId: viewer.id, postId: post.id, at: now };
        const told = await notifyFollowers(tx, {
          ...event,
          kind: 'ANSWER_ACCEPTED',
          internal: post.topic.hidden,
        });
        const changes = ['status', 'acceptedAnswer'];
        emit(
          await recordTopicEvent(tx, { ...event, kind: 'TOPIC_CHANGED', changes }),
          categoryEvent('TOPIC_CHANGED', post.topic, changes),
          ...notificationEvents(told),
        );
        // Inside a hidden topic only employees hear of it (as followers, above).
        const authorTold = told.some((written) => written.userId === post.authorId);
        if (post.authorId !== viewer.id && !authorTold && !post.topic.hidden) {
          const written = await tx.notification.create({
            data: {
              userId: post.authorId,
              kind: 'ANSWER_ACCEPTED',
              topicId: post.topicId,
              postId: post.id,
              actorId: viewer.id,
              createdAt: now,
            },
            select: { id: true, userId: true },
          });
          emit(...notificationEvents([written]));
        }
        return topic;
      });
    },
  }),
);

builder.mutationField('unacceptAnswer', (t) =>
  t.prismaField({
    type: Topic,
    description: 'Clear the accepted answer (the topic’s author or an employee).',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors] },
    args: { topicId: t.arg.globalID({ required: true, for: [Topic] }) },
    resolve: async (query, _root, args, context) => {
      const viewer = signedIn(context.viewer);
      const topic = await findVisibleTopic(viewer, args.topicId.id);
      await requireAnswerer(viewer, topic);
      const data: Prisma.TopicUpdateInput = {
        acceptedAnswer: { disconnect: true },
        ...(topic.status === 'ANSWERED' ? { status: 'OPEN' } : {}),
      };
      return transact(context, async (tx, emit) => {
        const changes = ['status', 'acceptedAnswer'];
        const at = context.services.clock.now();
        emit(
          await recordTopicEvent(tx, {
            topicId: topic.id,
            kind: 'TOPIC_CHANGED',
            actorId: viewer.id,
            changes,
            at,
          }),
          categoryEvent('TOPIC_CHANGED', topic, changes),
        );
        return tx.topic.update({ ...selection(query), where: { id: topic.id }, data });
      });
    },
  }),
);

builder.mutationField('react', (t) =>
  t.prismaField({
    type: Post,
    description: 'Add (or, with `on: false`, remove) a reaction to a post; once per kind per person.',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors] },
    args: {
      postId: t.arg.globalID({ required: true, for: [Post] }),
      kind: t.arg({ type: ReactionKindEnum, required: true }),
      on: t.arg.boolean({ defaultValue: true }),
    },
    resolve: async (query, _root, args, context) => {
      const viewer = signedIn(context.viewer);
      const post = await findVisiblePost(viewer, args.postId.id);
      const key = { postId: post.id, userId: viewer.id, kind: args.kind };
      const now = context.services.clock.now();
      return transact(context, async (tx, emit) => {
        const changed =
          (args.on ?? true)
            ? await tx.reaction.createMany({ data: [{ ...key, createdAt: now }], skipDuplicates: true })
            : await tx.reaction.deleteMany({ where: key });
        if (changed.count > 0) {
          emit(
            await recordTopicEvent(tx, {
              topicId: post.topicId,
              kind: 'POST_EDITED',
              actorId: viewer.id,
              postId: post.id,
              internal: post.internal,
              changes: ['reactions'],
              at: now,
            }),
          );
        }
        return tx.post.findUniqueOrThrow({ ...selection(query), where: { id: post.id } });
      });
    },
  }),
);

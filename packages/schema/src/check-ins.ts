import type { CheckIn as CheckInRow } from '@parley/prisma/client';
import { builder } from './builder.ts';
import type { Clock } from './context.ts';
import { db } from './db.ts';
import { ConflictError, ForbiddenError, NotFoundError, writeErrors } from './errors.ts';
import { findVisibleTopic, selection, signedIn } from './lookup.ts';
import type { Tx } from './notify.ts';
import type { RealtimePubSub } from './realtime/events.ts';
import { notificationEvents, transact } from './realtime/transact.ts';
import { Topic } from './topic.ts';
import { topicChanged } from './topic-mutations.ts';
import { isEmployee, isModerator } from './visibility.ts';

/**
 * Check-ins keep conversations alive: 30 days after an employee marks a problem fixed (or ships
 * an idea), its author is asked "Still happening?". Yes reopens the topic and puts it back in the
 * employees' inbox. Times come from the injected clock, so tests move time instead of waiting.
 */
export const CHECK_IN_AFTER_DAYS = 30;
const DAY = 86_400_000;

export const CheckIn = builder.prismaObject('CheckIn', {
  description: `“Still happening?”: asked of the topic’s author ${CHECK_IN_AFTER_DAYS} days after a fix or a release.`,
  fields: (t) => ({
    dueAt: t.expose('dueAt', { type: 'DateTime', description: 'When the author will be (or was) asked.' }),
    askedAt: t.expose('askedAt', { type: 'DateTime', nullable: true }),
    answeredAt: t.expose('answeredAt', { type: 'DateTime', nullable: true }),
    stillHappening: t.exposeBoolean('stillHappening', {
      nullable: true,
      description: 'The author’s answer: true reopened the topic.',
    }),
    awaitingAnswer: t.boolean({
      description: 'Asked, and not yet answered.',
      resolve: (checkIn) => checkIn.askedAt !== null && checkIn.answeredAt === null,
    }),
  }),
});

builder.prismaObjectField(Topic, 'checkIn', (t) =>
  t.relation('checkIn', {
    nullable: true,
    description:
      'The scheduled “Still happening?” question, once an employee marked the problem fixed or shipped the idea.',
  }),
);

/** Schedules (or reschedules) the check-in; called in the transaction of the fix or the release. */
export async function scheduleCheckIn(tx: Tx, topicId: number, now: Date): Promise<void> {
  const dueAt = new Date(now.getTime() + CHECK_IN_AFTER_DAYS * DAY);
  await tx.checkIn.upsert({
    where: { topicId },
    create: { topicId, dueAt },
    update: { dueAt, askedAt: null, answeredAt: null, stillHappening: null },
  });
}

builder.mutationField('markProblemFixed', (t) =>
  t.prismaField({
    type: Topic,
    description: `Employees: a problem is fixed. The topic counts as answered, and its author is asked “Still happening?” ${CHECK_IN_AFTER_DAYS} days later.`,
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors, ConflictError] },
    args: { topicId: t.arg.globalID({ required: true, for: [Topic] }) },
    resolve: async (query, _root, args, context) => {
      const viewer = signedIn(context.viewer);
      if (!isEmployee(viewer)) throw new ForbiddenError('Only employees mark problems fixed.');
      const topic = await findVisibleTopic(viewer, args.topicId.id);
      if (topic.kind !== 'PROBLEM') throw new ConflictError('Only a problem can be marked fixed.', 'topicId');
      const now = context.services.clock.now();
      return transact(context, async (tx, emit) => {
        await tx.topic.update({
          where: { id: topic.id },
          data: { status: topic.status === 'CLOSED' ? 'CLOSED' : 'ANSWERED', awaitingEmployeeSince: null },
        });
        await scheduleCheckIn(tx, topic.id, now);
        const changes = ['status', 'checkIn'];
        emit(...(await topicChanged(tx, topic, viewer.id, changes, now)));
        return tx.topic.findUniqueOrThrow({ ...selection(query), where: { id: topic.id } });
      });
    },
  }),
);

/**
 * Asks every author whose check-in is due (a CHECK_IN notification), once. Run by the server
 * every minute; returns how many were asked.
 */
export async function askDueCheckIns(services: { clock: Clock; pubsub: RealtimePubSub }): Promise<number> {
  const now = services.clock.now();
  const due = await db.checkIn.findMany({
    where: { dueAt: { lte: now }, askedAt: null, topic: { hidden: false } },
    select: { topicId: true, topic: { select: { authorId: true } } },
    take: 500,
  });
  let asked = 0;
  for (const checkIn of due) {
    const told = await db.$transaction(async (tx) => {
      // Claimed by the update, so two server instances never ask twice.
      const claimed = await tx.checkIn.updateMany({
        where: { topicId: checkIn.topicId, askedAt: null },
        data: { askedAt: now },
      });
      if (claimed.count === 0) return [];
      return tx.notification.createManyAndReturn({
        data: [
          {
            userId: checkIn.topic.authorId,
            kind: 'CHECK_IN' as const,
            topicId: checkIn.topicId,
            createdAt: now,
          },
        ],
        select: { id: true, userId: true },
      });
    });
    for (const event of notificationEvents(told)) {
      if (event.channel === 'user') services.pubsub.publish('user', event.id, event.event);
    }
    asked += told.length;
  }
  return asked;
}

builder.mutationField('answerCheckIn', (t) =>
  t.prismaField({
    type: Topic,
    description:
      'The topic’s author (or a moderator) answers “Still happening?”. Yes reopens the topic and puts it back in the employees’ inbox.',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors, ConflictError] },
    args: {
      topicId: t.arg.globalID({ required: true, for: [Topic] }),
      stillHappening: t.arg.boolean({ required: true }),
    },
    resolve: async (query, _root, args, context) => {
      const viewer = signedIn(context.viewer);
      const topic = await findVisibleTopic(viewer, args.topicId.id);
      if (topic.authorId !== viewer.id && !isModerator(viewer))
        throw new ForbiddenError('Only the topic’s author (or a moderator) answers its check-in.');
      const checkIn: CheckInRow | null = await db.checkIn.findUnique({ where: { topicId: topic.id } });
      if (!checkIn) throw new NotFoundError('check-in of topic', args.topicId.id);
      if (checkIn.askedAt === null || checkIn.answeredAt !== null)
        throw new ConflictError('There is no check-in question waiting for an answer.', 'topicId');
      const now = context.services.clock.now();
      return transact(context, async (tx, emit) => {
        await tx.checkIn.update({
          where: { topicId: topic.id },
          data: { answeredAt: now, stillHappening: args.stillHappening },
        });
        const changes = ['checkIn'];
        if (args.stillHappening) {
          // Back to the start: open, and waiting for an employee from now.
          await tx.topic.update({
            where: { id: topic.id },
            data: { status: 'OPEN', awaitingEmployeeSince: now, lastActivityAt: now },
          });
          changes.push('status', 'awaitingEmployee');
        }
        emit(...(await topicChanged(tx, topic, viewer.id, changes, now)));
        return tx.topic.findUniqueOrThrow({ ...selection(query), where: { id: topic.id } });
      });
    },
  }),
);

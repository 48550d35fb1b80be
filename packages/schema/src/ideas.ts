import type { IdeaStatus } from '@parley/prisma/enums';
import { builder } from './builder.ts';
import { scheduleCheckIn } from './check-ins.ts';
import { IdeaStatusEnum } from './enums.ts';
import { ConflictError, ForbiddenError, writeErrors } from './errors.ts';
import { findVisibleTopic, selection, signedIn } from './lookup.ts';
import type { Tx, Written } from './notify.ts';
import { notificationEvents, transact } from './realtime/transact.ts';
import { Topic } from './topic.ts';
import { topicChanged } from './topic-mutations.ts';
import { Problems } from './validation.ts';
import { isEmployee } from './visibility.ts';

/** A decision customers can hold the company to: why, and (for SHIPPED) where to read about it. */
export const IDEA_REASON = { min: 20, max: 2_000 } as const;
const URL_MAX = 500;

export const IdeaStatusChange = builder.prismaObject('IdeaStatusChange', {
  description: 'An employee moved an idea to a new status, and said why, in public.',
  fields: (t) => ({
    fromStatus: t.expose('fromStatus', { type: IdeaStatusEnum, nullable: true }),
    toStatus: t.expose('toStatus', { type: IdeaStatusEnum }),
    reason: t.exposeString('reason', { description: 'Plain text, at least 20 characters.' }),
    changelogUrl: t.exposeString('changelogUrl', {
      nullable: true,
      description: 'For SHIPPED: the release note or changelog entry.',
    }),
    changedBy: t.relation('changedBy', { description: 'The employee who decided.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectFields(Topic, (t) => ({
  ideaStatusHistory: t.relation('ideaStatusChanges', {
    description: 'Ideas: every status change, oldest first, with who made it and why. Empty for other kinds.',
    query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
  }),
  ideaStatusChangedAt: t.expose('ideaStatusChangedAt', {
    type: 'DateTime',
    nullable: true,
    description: 'Ideas: when an employee last changed the status.',
  }),
}));

const SetIdeaStatusInput = builder.inputType('SetIdeaStatusInput', {
  fields: (t) => ({
    topicId: t.globalID({ required: true, for: [Topic] }),
    status: t.field({ type: IdeaStatusEnum, required: true }),
    reason: t.string({
      required: true,
      description: `Public: why, in ${IDEA_REASON.min}-${IDEA_REASON.max} characters.`,
    }),
    changelogUrl: t.string({ description: 'Required for SHIPPED: an http(s) link to the release note.' }),
  }),
});

builder.mutationField('setIdeaStatus', (t) =>
  t.prismaField({
    type: Topic,
    description:
      'Employees: move an idea to a new status with a public reason (and, for SHIPPED, a changelog link). The change is kept in `ideaStatusHistory`, and every voter, follower and participant is notified; nobody can opt out.',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors, ConflictError] },
    args: { input: t.arg({ type: SetIdeaStatusInput, required: true }) },
    resolve: async (query, _root, { input }, context) => {
      const viewer = signedIn(context.viewer);
      if (!isEmployee(viewer)) throw new ForbiddenError('Only employees decide on ideas.');
      const topic = await findVisibleTopic(viewer, input.topicId.id);
      const problems = new Problems();
      if (topic.kind !== 'IDEA') problems.add('input.topicId', 'must be an idea (a topic of kind IDEA)');
      const reason = problems.text('input.reason', input.reason, IDEA_REASON.min, IDEA_REASON.max);
      const changelogUrl = input.changelogUrl?.trim() || null;
      if (changelogUrl !== null && (changelogUrl.length > URL_MAX || !isWebUrl(changelogUrl)))
        problems.add('input.changelogUrl', `must be an http(s) URL of at most ${URL_MAX} characters`);
      else if (input.status === 'SHIPPED' && changelogUrl === null)
        problems.add('input.changelogUrl', 'is required when an idea ships: link the release note');
      problems.throwIfAny();
      if (topic.ideaStatus === input.status)
        throw new ConflictError(`The idea is already ${input.status}.`, 'input.status');
      const now = context.services.clock.now();
      return transact(context, async (tx, emit) => {
        // The row lock orders two employees deciding at once; the loser sees the winner's status.
        const [locked] = await tx.$queryRaw<{ idea_status: IdeaStatus | null }[]>`
          SELECT idea_status::text AS idea_status FROM topics WHERE id = ${topic.id} FOR UPDATE`;
        if (locked?.idea_status === input.status)
          throw new ConflictError(`The idea is already ${input.status}.`, 'input.status');
        await tx.ideaStatusChange.create({
          data: {
            topicId: topic.id,
            fromStatus: locked?.idea_status ?? null,
            toStatus: input.status,
            reason,
            changelogUrl,
            changedById: viewer.id,
            createdAt: now,
          },
        });
        // A shipped idea's author is asked, a month on, whether it solved their problem.
        if (input.status === 'SHIPPED') await scheduleCheckIn(tx, topic.id, now);
        const updated = await tx.topic.update({
          ...selection(query),
          where: { id: topic.id },
          data: { ideaStatus: input.status, ideaStatusChangedAt: now, lastActivityAt: now },
        });
        const changes = ['ideaStatus'];
        emit(
          ...(await topicChanged(tx, topic, viewer.id, changes, now)),
          ...notificationEvents(await notifyEveryoneInvolved(tx, topic, viewer.id, now)),
        );
        return updated;
      });
    },
  }),
);

/**
 * Voters, followers, the author and everyone who replied in public: told of every decision,
 * whatever they follow (the customer asked, so the customer hears). Never the deciding employee;
 * on a hidden topic only employees.
 */
async function notifyEveryoneInvolved(
  tx: Tx,
  topic: { id: number; authorId: number; hidden: boolean },
  actorId: number,
  at: Date,
): Promise<Written[]> {
  const involved = { topicId: topic.id };
  const [voters, followers, repliers] = await Promise.all([
    tx.vote.findMany({ where: involved, select: { userId: true } }),
    tx.topicFollow.findMany({ where: involved, select: { userId: true } }),
    tx.post.findMany({
      where: { topicId: topic.id, internal: false, hidden: false, deletedAt: null },
      select: { authorId: true },
      distinct: ['authorId'],
    }),
  ]);
  const ids = new Set([
    topic.authorId,
    ...voters.map((row) => row.userId),
    ...followers.map((row) => row.userId),
    ...repliers.map((row) => row.authorId),
  ]);
  ids.delete(actorId);
  const recipients = topic.hidden
    ? (
        await tx.user.findMany({ where: { id: { in: [...ids] }, kind: 'EMPLOYEE' }, select: { id: true } })
      ).map((user) => user.id)
    : [...ids];
  return tx.notification.createManyAndReturn({
    data: recipients
      .sort((a, b) => a - b)
      .map((userId) => ({ userId, kind: 'IDEA_STATUS' as const, topicId: topic.id, actorId, createdAt: at })),
    select: { id: true, userId: true },
  });
}

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

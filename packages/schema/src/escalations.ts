import type { Escalation as EscalationRow } from '@parley/prisma/client';
import { EscalationStatus } from '@parley/prisma/enums';
import { builder } from './builder.ts';
import type { Context, Viewer } from './context.ts';
import { db } from './db.ts';
import { ConflictError, ForbiddenError, NotFoundError, writeErrors } from './errors.ts';
import { findVisibleTopic, selection, signedIn } from './lookup.ts';
import type { Tx } from './notify.ts';
import { Person } from './person.ts';
import type { Outgoing } from './realtime/events.ts';
import { notificationEvents, transact } from './realtime/transact.ts';
import { Topic } from './topic.ts';
import { topicChanged } from './topic-mutations.ts';
import { Problems } from './validation.ts';
import { isEmployee, isModerator, seesInternal } from './visibility.ts';

/**
 * Escalation customers can see: a topic handed to a case elsewhere shows "Escalated — in
 * progress" and who owns it. The case reference is internal: only employees ever read it.
 */
const LIMITS = { caseReference: { min: 1, max: 100 }, summary: { min: 20, max: 5_000 } } as const;

export const EscalationStatusEnum = builder.enumType(EscalationStatus, {
  name: 'EscalationStatus',
  description: 'The public state of an escalated topic’s case.',
});

export const Escalation = builder.prismaObject('Escalation', {
  description:
    'The topic was handed to a case the company is working on. Everyone sees its status and owner; only employees see the case reference.',
  fields: (t) => ({
    status: t.expose('status', { type: EscalationStatusEnum }),
    owner: t.relation('owner', { description: 'The employee responsible for the case.' }),
    caseReference: t.string({
      nullable: true,
      description:
        'Employees only: the case or ticket reference in the company’s own systems. Null for everyone else.',
      resolve: (escalation, _args, context) =>
        seesInternal(context.viewer) ? escalation.caseReference : null,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true }),
    resolutionSummary: t.exposeString('resolutionSummary', {
      nullable: true,
      description: 'Public: what was done, once resolved.',
    }),
    confirmed: t.exposeBoolean('confirmed', {
      nullable: true,
      description:
        'The author’s answer to “Resolved for you?”: null until they answer, true when it is (the topic is then answered).',
    }),
    awaitingConfirmation: t.boolean({
      description: 'Resolved, and the author has not yet said whether it is resolved for them.',
      resolve: (escalation) => escalation.status === 'RESOLVED' && escalation.confirmed === null,
    }),
  }),
});

builder.prismaObjectField(Topic, 'escalation', (t) =>
  t.relation('escalation', {
    nullable: true,
    description: 'Set while (and after) the topic is escalated to a case.',
  }),
);

/** Employees only; returns the topic (visible to them) and its escalation, if any. */
async function escalationOf(viewer: Viewer, topicId: string) {
  const topic = await findVisibleTopic(viewer, topicId);
  const escalation = await db.escalation.findUnique({ where: { topicId: topic.id } });
  return { topic, escalation };
}

function requireEmployee(viewer: Viewer, what: string): void {
  if (!isEmployee(viewer)) throw new ForbiddenError(`Only employees ${what}.`);
}

/** Tells the topic's author (unless they did it) and every watcher of the topic. */
async function announce(
  context: Context,
  tx: Tx,
  emit: (...events: Outgoing[]) => void,
  topic: { id: number; categoryId: number; authorId: number; hidden: boolean },
  actorId: number,
  kind: 'ESCALATION' | 'RESOLUTION_CHECK' | null,
): Promise<void> {
  const at = context.services.clock.now();
  emit(...(await topicChanged(tx, topic, actorId, ['escalation'], at)));
  if (kind && topic.authorId !== actorId && !topic.hidden) {
    const told = await tx.notification.createManyAndReturn({
      data: [{ userId: topic.authorId, kind, topicId: topic.id, actorId, createdAt: at }],
      select: { id: true, userId: true },
    });
    emit(...notificationEvents(told));
  }
}

async function ownerId(viewer: Viewer, owner: { id: string } | null | undefined, problems: Problems) {
  if (!owner) return viewer.id;
  const id = Number(owner.id);
  const person = Number.isSafeInteger(id) ? await db.user.findUnique({ where: { id } }) : null;
  if (person?.kind !== 'EMPLOYEE') problems.add('input.owner', 'must be an employee');
  return id;
}

const EscalateTopicInput = builder.inputType('EscalateTopicInput', {
  fields: (t) => ({
    topicId: t.globalID({ required: true, for: [Topic] }),
    caseReference: t.string({
      required: true,
      description: `Internal (employees only): the case or ticket reference, ${LIMITS.caseReference.min}-${LIMITS.caseReference.max} characters.`,
    }),
    owner: t.globalID({ for: [Person], description: 'The employee who owns the case; you when omitted.' }),
  }),
});

builder.mutationField('escalateTopic', (t) =>
  t.prismaField({
    type: Topic,
    description:
      'Employees: hand a topic to a case. The thread shows “Escalated” with its status and owner; the case reference stays internal. A topic is escalated once (ConflictError after).',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors, ConflictError] },
    args: { input: t.arg({ type: EscalateTopicInput, required: true }) },
    resolve: async (query, _root, { input }, context) => {
      const viewer = signedIn(context.viewer);
      requireEmployee(viewer, 'escalate topics');
      const { topic, escalation } = await escalationOf(viewer, input.topicId.id);
      const problems = new Problems();
      const caseReference = problems.text(
        'input.caseReference',
        input.caseReference,
        LIMITS.caseReference.min,
        LIMITS.caseReference.max,
      );
      const owner = await ownerId(viewer, input.owner, problems);
      problems.throwIfAny();
      if (escalation) throw new ConflictError('This topic is already escalated.', 'input.topicId');
      const now = context.services.clock.now();
      return transact(context, async (tx, emit) => {
        await tx.escalation
          .create({
            data: {
              topicId: topic.id,
              caseReference,
              ownerId: owner,
              createdById: viewer.id,
              createdAt: now,
              updatedAt: now,
            },
          })
          .catch((error: unknown) => {
            // Two employees escalating at once: the primary key decides.
            if ((error as { code?: string }).code === 'P2002')
              throw new ConflictError('This topic is already escalated.', 'input.topicId');
            throw error;
          });
        await announce(context, tx, emit, topic, viewer.id, 'ESCALATION');
        return tx.topic.findUniqueOrThrow({ ...selection(query), where: { id: topic.id } });
      });
    },
  }),
);

const UpdateEscalationInput = builder.inputType('UpdateEscalationInput', {
  fields: (t) => ({
    topicId: t.globalID({ required: true, for: [Topic] }),
    status: t.field({
      type: EscalationStatusEnum,
      description: 'OPEN or IN_PROGRESS; resolve with resolveEscalation.',
    }),
    owner: t.globalID({ for: [Person] }),
  }),
});

builder.mutationField('updateEscalation', (t) =>
  t.prismaField({
    type: Topic,
    description:
      'Employees: move an escalation’s public status (OPEN, IN_PROGRESS) or hand it to another employee.',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors] },
    args: { input: t.arg({ type: UpdateEscalationInput, required: true }) },
    resolve: async (query, _root, { input }, context) => {
      const viewer = signedIn(context.viewer);
      requireEmployee(viewer, 'update escalations');
      const { topic, escalation } = await escalationOf(viewer, input.topicId.id);
      if (!escalation) throw new NotFoundError('escalation of topic', input.topicId.id);
      const problems = new Problems();
      if (input.status === 'RESOLVED')
        problems.add('input.status', 'resolve with resolveEscalation and a summary');
      const owner = input.owner ? await ownerId(viewer, input.owner, problems) : undefined;
      problems.throwIfAny();
      return transact(context, async (tx, emit) => {
        await tx.escalation.update({
          where: { topicId: topic.id },
          data: {
            status: input.status ?? undefined,
            ownerId: owner,
            updatedAt: context.services.clock.now(),
            // Reopening a resolved case: the earlier resolution no longer stands.
            ...(input.status ? { resolvedAt: null, confirmed: null, confirmedAt: null } : {}),
          },
        });
        await announce(context, tx, emit, topic, viewer.id, null);
        return tx.topic.findUniqueOrThrow({ ...selection(query), where: { id: topic.id } });
      });
    },
  }),
);

const ResolveEscalationInput = builder.inputType('ResolveEscalationInput', {
  fields: (t) => ({
    topicId: t.globalID({ required: true, for: [Topic] }),
    summary: t.string({
      required: true,
      description: `Public: what was done, ${LIMITS.summary.min}-${LIMITS.summary.max} characters.`,
    }),
  }),
});

builder.mutationField('resolveEscalation', (t) =>
  t.prismaField({
    type: Topic,
    description:
      'Employees: the case is resolved. The summary is public, and the topic’s author is asked “Resolved for you?” (confirmResolution).',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors, ConflictError] },
    args: { input: t.arg({ type: ResolveEscalationInput, required: true }) },
    resolve: async (query, _root, { input }, context) => {
      const viewer = signedIn(context.viewer);
      requireEmployee(viewer, 'resolve escalations');
      const { topic, escalation } = await escalationOf(viewer, input.topicId.id);
      if (!escalation) throw new NotFoundError('escalation of topic', input.topicId.id);
      const problems = new Problems();
      const summary = problems.text('input.summary', input.summary, LIMITS.summary.min, LIMITS.summary.max);
      problems.throwIfAny();
      if (escalation.status === 'RESOLVED')
        throw new ConflictError('This case is already resolved.', 'input.topicId');
      const now = context.services.clock.now();
      return transact(context, async (tx, emit) => {
        await tx.escalation.update({
          where: { topicId: topic.id },
          data: {
            status: 'RESOLVED',
            resolvedAt: now,
            updatedAt: now,
            resolutionSummary: summary,
            confirmed: null,
          },
        });
        await announce(context, tx, emit, topic, viewer.id, 'RESOLUTION_CHECK');
        return tx.topic.findUniqueOrThrow({ ...selection(query), where: { id: topic.id } });
      });
    },
  }),
);

builder.mutationField('confirmResolution', (t) =>
  t.prismaField({
    type: Topic,
    description:
      'The topic’s author (or a moderator): answer “Resolved for you?”. Yes marks the topic answered; no puts the case back in progress.',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors, ConflictError] },
    args: {
      topicId: t.arg.globalID({ required: true, for: [Topic] }),
      resolved: t.arg.boolean({ required: true }),
    },
    resolve: async (query, _root, args, context) => {
      const viewer = signedIn(context.viewer);
      const topic = await findVisibleTopic(viewer, args.topicId.id);
      if (topic.authorId !== viewer.id && !isModerator(viewer))
        throw new ForbiddenError('Only the topic’s author (or a moderator) can say whether it is resolved.');
      const escalation: EscalationRow | null = await db.escalation.findUnique({
        where: { topicId: topic.id },
      });
      if (!escalation) throw new NotFoundError('escalation of topic', args.topicId.id);
      if (escalation.status !== 'RESOLVED' || escalation.confirmed !== null)
        throw new ConflictError('There is no resolution waiting for an answer.', 'topicId');
      const now = context.services.clock.now();
      return transact(context, async (tx, emit) => {
        await tx.escalation.update({
          where: { topicId: topic.id },
          data: args.resolved
            ? { confirmed: true, confirmedAt: now, updatedAt: now }
            : { status: 'IN_PROGRESS', resolvedAt: null, confirmed: null, updatedAt: now },
        });
        if (args.resolved && topic.status === 'OPEN')
          await tx.topic.update({
            where: { id: topic.id },
            data: { status: 'ANSWERED', awaitingEmployeeSince: null },
          });
        await announce(context, tx, emit, topic, viewer.id, null);
        return tx.topic.findUniqueOrThrow({ ...selection(query), where: { id: topic.id } });
      });
    },
  }),
);

import type { Post as PostRow, Topic as TopicRow } from '@parley/prisma/client';
import { builder } from './builder.ts';
import { CustomerNote } from './customer-notes.ts';
import { db } from './db.ts';
import { Escalation } from './escalations.ts';
import { ValidationError } from './failures.ts';
import { selection } from './lookup.ts';
import { Person } from './person.ts';
import { Post } from './post.ts';
import { Topic } from './topic.ts';
import { LIMITS } from './validation.ts';
import { seesInternal } from './visibility.ts';

/**
 * The customer timeline employees work from: everything one customer did with the company and
 * everything the company did about them, newest first, in one list: topics started, replies,
 * votes, escalations, internal notes on their topics and notes about them.
 */
const TimelineKindEnum = builder.enumType('TimelineKind', {
  values: {
    TOPIC_STARTED: { description: 'They started `topic`.' },
    REPLIED: { description: 'They replied (`post`) in `topic`.' },
    VOTED: { description: 'They voted for `topic`.' },
    ESCALATED: { description: 'An employee escalated their `topic` (`escalation`).' },
    INTERNAL_NOTE: { description: 'An employee wrote an internal note (`post`) on their `topic`.' },
    CUSTOMER_NOTE: { description: 'An employee noted something about them (`note`).' },
  } as const,
});

type Kind = typeof TimelineKindEnum.$inferType;

interface Entry {
  kind: Kind;
  at: Date;
  topic: TopicRow | null;
  post: PostRow | null;
  topicId: number | null;
  noteId: number | null;
}

const TimelineEntry = builder.objectRef<Entry>('TimelineEntry').implement({
  description: 'One thing in a customer’s history with the company.',
  fields: (t) => ({
    kind: t.field({ type: TimelineKindEnum, resolve: (entry) => entry.kind }),
    at: t.field({ type: 'DateTime', resolve: (entry) => entry.at }),
    topic: t.field({ type: Topic, nullable: true, resolve: (entry) => entry.topic }),
    post: t.field({ type: Post, nullable: true, resolve: (entry) => entry.post }),
    escalation: t.prismaField({
      type: Escalation,
      nullable: true,
      resolve: (query, entry) =>
        entry.kind === 'ESCALATED' && entry.topicId !== null
          ? db.escalation.findUnique({ ...selection(query), where: { topicId: entry.topicId } })
          : null,
    }),
    note: t.prismaField({
      type: CustomerNote,
      nullable: true,
      resolve: (query, entry) =>
        entry.noteId === null
          ? null
          : db.customerNote.findUnique({ ...selection(query), where: { id: entry.noteId } }),
    }),
  }),
});

builder.prismaObjectField(Person, 'timeline', (t) =>
  t.field({
    type: [TimelineEntry],
    nullable: true,
    description:
      'Employees only: this customer’s whole history with the company, newest first — topics, replies, votes, escalations, internal notes on their topics and notes about them, hidden ones included. Null for everyone else.',
    args: { first: t.arg.int({ defaultValue: 50, description: `At most ${LIMITS.pageSize}.` }) },
    select: { id: true },
    resolve: async (person, args, context) => {
      if (!seesInternal(context.viewer)) return null;
      const take = args.first ?? 50;
      if (take < 1 || take > LIMITS.pageSize)
        throw new ValidationError([{ field: 'first', message: `must be 1-${LIMITS.pageSize}` }]);
      const newest = { orderBy: [{ createdAt: 'desc' as const }, { id: 'desc' as const }], take };
      const [topics, posts, votes, escalations, notes, internal] = await Promise.all([
        db.topic.findMany({ where: { authorId: person.id }, ...newest }),
        db.post.findMany({
          where: { authorId: person.id, internal: false, deletedAt: null },
          include: { topic: true },
          ...newest,
        }),
        db.vote.findMany({
          where: { userId: person.id },
          include: { topic: true },
          orderBy: [{ createdAt: 'desc' }, { topicId: 'desc' }],
          take,
        }),
        db.escalation.findMany({
          where: { topic: { authorId: person.id } },
          include: { topic: true },
          orderBy: [{ createdAt: 'desc' }, { topicId: 'desc' }],
          take,
        }),
        db.customerNote.findMany({ where: { customerId: person.id }, ...newest }),
        db.post.findMany({
          where: { internal: true, deletedAt: null, topic: { authorId: person.id } },
          include: { topic: true },
          ...newest,
        }),
      ]);
      const entry = (kind: Kind, at: Date, parts: Partial<Entry> = {}): Entry => ({
        kind,
        at,
        topic: null,
        post: null,
        topicId: parts.topic?.id ?? null,
        noteId: null,
        ...parts,
      });
      return [
        ...topics.map((topic) => entry('TOPIC_STARTED', topic.createdAt, { topic })),
        ...posts.map(({ topic, ...post }) => entry('REPLIED', post.createdAt, { topic, post })),
        ...votes.map((vote) => entry('VOTED', vote.createdAt, { topic: vote.topic })),
        ...escalations.map((escalation) =>
          entry('ESCALATED', escalation.createdAt, { topic: escalation.topic }),
        ),
        ...notes.map((note) => entry('CUSTOMER_NOTE', note.createdAt, { noteId: note.id })),
        ...internal.map(({ topic, ...post }) => entry('INTERNAL_NOTE', post.createdAt, { topic, post })),
      ]
        .sort((a, b) => b.at.getTime() - a.at.getTime())
        .slice(0, take);
    },
  }),
);

import type { Prisma } from '@parley/prisma/client';
import { builder } from './builder.ts';
import { db } from './db.ts';
import { UserKindEnum } from './enums.ts';
import { selection } from './lookup.ts';
import { Person } from './person.ts';
import { Topic } from './topic.ts';
import { pageSizeLimit } from './validation.ts';
import { publicPosts, seesInternal, visiblePostsInTopic, visibleTopics } from './visibility.ts';

// People: the directory, one person by handle, and each person's conversations with the company.

const PeopleFilter = builder.inputType('PeopleFilter', {
  fields: (t) => ({
    kind: t.field({ type: UserKindEnum, description: 'Only customers, or only employees.' }),
    department: t.id({
      description: 'Only the employees of this department: its id, or its slug.',
    }),
  }),
});

/** A department filter: a Department global id (`Department:3`, base64) or a slug. */
function departmentWhere(ref: string): Prisma.DepartmentWhereInput {
  const decoded = /^Department:(\d+)$/.exec(Buffer.from(ref, 'base64').toString('utf8'));
  return decoded ? { id: Number(decoded[1]) } : { slug: ref.toLowerCase() };
}

builder.queryField('people', (t) =>
  t.prismaConnection({
    type: Person,
    cursor: 'id',
    maxSize: pageSizeLimit,
    description:
      'Everyone, by display name (then id): filter to customers, employees (the company’s faces) or one department’s employees.',
    args: { filter: t.arg({ type: PeopleFilter }) },
    resolve: (query, _root, args) => {
      const where: Prisma.UserWhereInput[] = [];
      if (args.filter?.kind) where.push({ kind: args.filter.kind });
      if (args.filter?.department != null) {
        where.push({
          kind: 'EMPLOYEE',
          profile: { department: departmentWhere(String(args.filter.department)) },
        });
      }
      return db.user.findMany({
        ...selection(query),
        where: { AND: where },
        orderBy: [{ displayName: 'asc' }, { id: 'asc' }],
      });
    },
  }),
);

builder.queryField('person', (t) =>
  t.prismaField({
    type: Person,
    nullable: true,
    description: 'One person by handle (with or without the @). Null when there is no such person.',
    args: { handle: t.arg.string({ required: true }) },
    resolve: (query, _root, args) =>
      db.user.findUnique({
        ...selection(query),
        where: { handle: args.handle.trim().replace(/^@/, '').toLowerCase() },
      }),
  }),
);

/**
 * What the conversations connection learnt about each topic for the person whose timeline it
 * is; the entry's fields read it (the row itself is a Topic).
 */
const entryFacts = new WeakMap<object, { personId: number; theirReplyCount: number }>();

function factsOf(entry: object) {
  const facts = entryFacts.get(entry);
  if (!facts) throw new Error('a ConversationEntry was resolved outside Person.conversations');
  return facts;
}

/** One topic in a person's timeline: a variant of Topic, so the page is one topic query. */
const ConversationEntry = builder.prismaObject('Topic', {
  variant: 'ConversationEntry',
  select: { id: true },
  description:
    'One conversation in a person’s timeline with the company: a topic they started or replied in.',
  fields: (t) => ({
    topic: t.variant(Topic),
    startedByThem: t.boolean({
      description: 'Whether this person started the topic (else they replied in it).',
      select: { authorId: true },
      resolve: (topic) => topic.authorId === factsOf(topic).personId,
    }),
    theirReplyCount: t.int({
      description: 'Their public replies in the topic.',
      resolve: (topic) => factsOf(topic).theirReplyCount,
    }),
    employees: t.field({
      type: [Person],
      description:
        'The employees they talked to: each employee who replied in public, in order of their first reply. Employee viewers also see those who only wrote internal notes.',
      select: (_args, context, nested) => ({
        posts: {
          where: { ...visiblePostsInTopic(context.viewer), author: { kind: 'EMPLOYEE' } },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          distinct: ['authorId'],
          select: { author: nested(true) },
        },
      }),
      resolve: (topic) => topic.posts.map((post) => post.author),
    }),
    lastActivityAt: t.expose('lastActivityAt', {
      type: 'DateTime',
      description: 'The latest public reply (or the start); the timeline is ordered by it.',
    }),
  }),
});

builder.prismaObjectField(Person, 'conversations', (t) =>
  t.prismaConnection({
    type: ConversationEntry,
    cursor: 'id',
    maxSize: pageSizeLimit,
    nullable: true,
    description:
      'This person’s timeline with the company, one entry per topic they started or replied to in public, latest activity first. It is private to them: only the person themself and employees may read it, and for everyone else (anonymous readers, other customers, third parties) it is null, because the list of everything one customer has asked the company is more revealing than any single public post. Hidden topics appear only to moderators and employees.',
    resolve: async (query, person, _args, context) => {
      const viewer = context.viewer;
      if (!viewer || (viewer.id !== person.id && !seesInternal(viewer))) return null;
      const topics = await db.topic.findMany({
        ...selection(query),
        where: {
          ...visibleTopics(viewer),
          OR: [{ authorId: person.id }, { posts: { some: { authorId: person.id, ...publicPosts } } }],
        },
        orderBy: [{ lastActivityAt: 'desc' }, { id: 'desc' }],
      });
      const counts =
        topics.length === 0
          ? []
          : await db.post.groupBy({
              by: ['topicId'],
              where: {
                authorId: person.id,
                topicId: { in: topics.map((topic) => topic.id) },
                ...publicPosts,
              },
              _count: { _all: true },
            });
      const replies = new Map(counts.map((row) => [row.topicId, row._count._all]));
      for (const topic of topics)
        entryFacts.set(topic, { personId: person.id, theirReplyCount: replies.get(topic.id) ?? 0 });
      return topics;
    },
  }),
);

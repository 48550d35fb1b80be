import type { Prisma } from '@parley/prisma/client';
import { builder } from './builder.ts';
import { db } from './db.ts';
import { UserKindEnum } from './enums.ts';
import { Person } from './person.ts';
import { Topic } from './topic.ts';
import { pageSizeLimit } from './validation.ts';
import { isEmployee, publicPosts, visibleTopics } from './visibility.ts';

const PeopleFilter = builder.inputType('PeopleFilter', {
  fields: (t) => ({
    kind: t.field({ type: UserKindEnum }),
    department: t.string({ description: 'A department slug (employees).' }),
  }),
});

builder.queryField('people', (t) =>
  t.prismaConnection({
    type: Person,
    cursor: 'id',
    maxSize: pageSizeLimit,
    description: 'People by name: filter to employees (the company’s faces) or one department.',
    args: { filter: t.arg({ type: PeopleFilter }) },
    resolve: (query, _root, args) => {
      const where: Prisma.UserWhereInput = {};
      if (args.filter?.kind) where.kind = args.filter.kind;
      if (args.filter?.department) {
        where.kind = 'EMPLOYEE';
        where.profile = { department: { slug: args.filter.department } };
      }
      return db.user.findMany({ ...query, where, orderBy: [{ displayName: 'asc' }, { id: 'asc' }] });
    },
  }),
);

builder.queryField('person', (t) =>
  t.prismaField({
    type: Person,
    nullable: true,
    args: { handle: t.arg.string({ required: true }) },
    resolve: (query, _root, args) =>
      db.user.findUnique({ ...query, where: { handle: args.handle.toLowerCase() } }),
  }),
);

builder.prismaObjectField(Person, 'conversations', (t) =>
  t.prismaConnection({
    type: Topic,
    cursor: 'id',
    maxSize: pageSizeLimit,
    nullable: true,
    description:
      'Persistent conversations: every topic this person started or replied to, latest activity first. Only the person themself and employees may read it (null for everyone else); employees also see internal notes in those topics. Ask each topic for `employeeParticipants` to see whom they talked to.',
    resolve: async (query, person, _args, context) => {
      const viewer = context.viewer;
      if (!viewer || (viewer.id !== person.id && !isEmployee(viewer))) return null;
      return db.topic.findMany({
        ...query,
        where: {
          ...visibleTopics(viewer),
          OR: [{ authorId: person.id }, { posts: { some: { authorId: person.id, ...publicPosts } } }],
        },
        orderBy: [{ lastActivityAt: 'desc' }, { id: 'desc' }],
      });
    },
  }),
);

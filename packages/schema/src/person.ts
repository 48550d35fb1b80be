import { builder } from './builder.ts';
import { UserKindEnum, UserRoleEnum } from './enums.ts';
import { type PersonStats, personStats, STATS_WINDOW_DAYS } from './stats.ts';
import { publicPosts } from './visibility.ts';

const PersonStatsRef = builder.objectRef<PersonStats>('PersonStats').implement({
  description:
    'How an employee answers customers, from what anyone can see: public replies (never internal notes, hidden or deleted replies) in topics that are not hidden.',
  fields: (t) => ({
    answersGiven: t.exposeInt('answersGiven', { description: 'Their public replies.' }),
    acceptedAnswers: t.exposeInt('acceptedAnswers', {
      description: 'Topics whose accepted answer is one of their replies.',
    }),
    topicsJoined: t.exposeInt('topicsJoined', { description: 'Distinct topics they replied in.' }),
    medianFirstResponseMinutes: t.exposeInt('medianFirstResponseMinutes', {
      nullable: true,
      description: `Over topics started in the last ${STATS_WINDOW_DAYS} days that they answered first: the median minutes from the topic starting to that first public reply, rounded. Null when there are none.`,
    }),
  }),
});

export const Person = builder.prismaNode('User', {
  name: 'Person',
  id: { field: 'id' },
  // Select mode, with what every author chip shows read always and resolved as plain reads
  // (see the topic's `cardColumns`).
  select: { id: true, handle: true, displayName: true, kind: true },
  description:
    'A customer or an employee of the company, as anyone may see them. Employees have a public profile: title, department, expertise.',
  fields: (t) => ({
    handle: t.string({ resolve: (person) => person.handle }),
    displayName: t.string({ resolve: (person) => person.displayName }),
    kind: t.field({ type: UserKindEnum, resolve: (person) => person.kind }),
    isEmployee: t.boolean({
      resolve: (person) => person.kind === 'EMPLOYEE',
    }),
    role: t.expose('role', {
      type: UserRoleEnum,
      description: 'MEMBER, or MODERATOR/ADMIN for those who run the community.',
    }),
    bio: t.exposeString('bio', { description: 'Markdown.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    title: t.string({
      nullable: true,
      description: 'Employees: their job title. Null for customers.',
      select: { kind: true, profile: { select: { title: true } } },
      resolve: (person) => (person.kind === 'EMPLOYEE' ? (person.profile?.title ?? null) : null),
    }),
    expertise: t.stringList({
      nullable: true,
      description: 'Employees: what they know best. Null for customers.',
      select: { kind: true, profile: { select: { expertise: true } } },
      resolve: (person) => (person.kind === 'EMPLOYEE' ? (person.profile?.expertise ?? null) : null),
    }),
    avatarUrl: t.string({
      nullable: true,
      description: 'Employees: an https URL of their picture. Null for customers.',
      select: { kind: true, profile: { select: { avatarUrl: true } } },
      resolve: (person) => (person.kind === 'EMPLOYEE' ? (person.profile?.avatarUrl ?? null) : null),
    }),
    pronouns: t.string({
      nullable: true,
      description: 'Employees: as they wrote them. Null for customers.',
      select: { kind: true, profile: { select: { pronouns: true } } },
      resolve: (person) => (person.kind === 'EMPLOYEE' ? (person.profile?.pronouns ?? null) : null),
    }),
    location: t.string({
      nullable: true,
      description: 'Employees: where they work from. Null for customers.',
      select: { kind: true, profile: { select: { location: true } } },
      resolve: (person) => (person.kind === 'EMPLOYEE' ? (person.profile?.location ?? null) : null),
    }),
    recentAnswers: t.relation('posts', {
      description:
        'Employees: their newest public replies (never internal notes, hidden or deleted replies, nor replies in hidden topics), newest first: what their feed lists. Empty for customers.',
      args: { first: t.arg.int({ defaultValue: 5, description: 'At most 20.' }) },
      query: (args) => ({
        where: { ...publicPosts, topic: { hidden: false }, author: { kind: 'EMPLOYEE' } },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: Math.min(Math.max(args.first ?? 5, 0), 20),
      }),
    }),
    stats: t.field({
      type: PersonStatsRef,
      nullable: true,
      description:
        'Employees: how they answer customers. Null for customers. Loaded in one statement for every person in the response.',
      select: { kind: true },
      resolve: (person, _args, context) =>
        person.kind === 'EMPLOYEE' ? personStats(context, person.id) : null,
    }),
  }),
});

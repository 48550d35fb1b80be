import { builder } from './builder.ts';
import { db } from './db.ts';
import { UserKindEnum, UserRoleEnum } from './enums.ts';
import { type PersonStats, personStats } from './stats.ts';

const PersonStatsRef = builder.objectRef<PersonStats>('PersonStats').implement({
  description: 'An employee’s public figures: how this person listens. Internal notes never count.',
  fields: (t) => ({
    answersGiven: t.exposeInt('answersGiven', { description: 'Public replies.' }),
    acceptedAnswers: t.exposeInt('acceptedAnswers'),
    topicsJoined: t.exposeInt('topicsJoined'),
    medianFirstResponseMinutes: t.exposeInt('medianFirstResponseMinutes', {
      nullable: true,
      description: 'Median minutes to the first public reply on topics they answered first, last 90 days.',
    }),
  }),
});

/** A customer or an employee, as anyone may see them (never their email). */
export const Person = builder.prismaNode('User', {
  name: 'Person',
  id: { field: 'id' },
  // Select mode: lists read only the columns asked for (never the password hash or email).
  select: { id: true },
  fields: (t) => ({
    handle: t.exposeString('handle'),
    displayName: t.exposeString('displayName'),
    kind: t.expose('kind', { type: UserKindEnum }),
    role: t.expose('role', { type: UserRoleEnum }),
    bio: t.exposeString('bio', { description: 'Markdown.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    isEmployee: t.boolean({ select: { kind: true }, resolve: (person) => person.kind === 'EMPLOYEE' }),
    title: t.string({
      nullable: true,
      description: 'Employees: job title.',
      select: { kind: true, profile: { select: { title: true } } },
      resolve: (person) => (person.kind === 'EMPLOYEE' ? (person.profile?.title ?? null) : null),
    }),
    department: t.prismaField({
      type: 'Department',
      nullable: true,
      description: 'Employees: their team.',
      select: { kind: true, profile: { select: { departmentId: true } } },
      resolve: (query, person) =>
        person.kind === 'EMPLOYEE' && person.profile
          ? db.department.findUnique({ ...query, where: { id: person.profile.departmentId } })
          : null,
    }),
    expertise: t.stringList({
      description: 'Employees: what they know best.',
      select: { kind: true, profile: { select: { expertise: true } } },
      resolve: (person) => (person.kind === 'EMPLOYEE' ? (person.profile?.expertise ?? []) : []),
    }),
    avatarUrl: t.string({
      nullable: true,
      select: { kind: true, profile: { select: { avatarUrl: true } } },
      resolve: (person) => (person.kind === 'EMPLOYEE' ? (person.profile?.avatarUrl ?? null) : null),
    }),
    pronouns: t.string({
      nullable: true,
      select: { kind: true, profile: { select: { pronouns: true } } },
      resolve: (person) => (person.kind === 'EMPLOYEE' ? (person.profile?.pronouns ?? null) : null),
    }),
    location: t.string({
      nullable: true,
      select: { kind: true, profile: { select: { location: true } } },
      resolve: (person) => (person.kind === 'EMPLOYEE' ? (person.profile?.location ?? null) : null),
    }),
    stats: t.field({
      type: PersonStatsRef,
      nullable: true,
      description: 'Employees only; null for customers.',
      select: { kind: true },
      resolve: (person, _args, context) =>
        person.kind === 'EMPLOYEE' ? personStats(context, person.id) : null,
    }),
  }),
});

import { builder } from './builder.ts';
import { db } from './db.ts';
import { selection } from './lookup.ts';
import { Person } from './person.ts';
import { type DepartmentStats, departmentStats, STATS_WINDOW_DAYS } from './stats.ts';

const DepartmentStatsRef = builder.objectRef<DepartmentStats>('DepartmentStats').implement({
  description: `How a team answers customers over the last ${STATS_WINDOW_DAYS} days, from what anyone can see: public replies in topics that are not hidden (never internal notes). A topic belongs to the team of its first employee responder; the team is its current employees.`,
  fields: (t) => ({
    topicsAnswered90d: t.exposeInt('topicsAnswered90d', {
      description: 'Topics started in the window whose first public employee reply came from this team.',
    }),
    medianFirstResponseMinutes90d: t.exposeInt('medianFirstResponseMinutes90d', {
      nullable: true,
      description:
        'Over those topics: the median minutes from the topic starting to its first public employee reply, rounded. Null when there are none.',
    }),
    answersGiven90d: t.exposeInt('answersGiven90d', {
      description: 'Public replies the team’s employees wrote in the window.',
    }),
  }),
});

export const Department = builder.prismaNode('Department', {
  id: { field: 'id' },
  select: { id: true },
  description: 'A team of the company: the employees in it and how it answers customers.',
  fields: (t) => ({
    slug: t.exposeString('slug'),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    employees: t.field({
      type: [Person],
      description: 'Its employees, by display name.',
      // Through the profiles relation, so a list of departments loads its people with it.
      select: (_args, _context, nested) => ({
        employees: {
          where: { user: { kind: 'EMPLOYEE' } },
          orderBy: [{ user: { displayName: 'asc' } }, { userId: 'asc' }],
          select: { user: nested(true) },
        },
      }),
      resolve: (department) => department.employees.map((profile) => profile.user),
    }),
    stats: t.field({
      type: DepartmentStatsRef,
      description: `Response figures over the last ${STATS_WINDOW_DAYS} days; one statement for every department in the response.`,
      resolve: async (department, _args, context) =>
        (await departmentStats(context, department.id)) ?? {
          topicsAnswered90d: 0,
          medianFirstResponseMinutes90d: null,
          answersGiven90d: 0,
        },
    }),
  }),
});

builder.prismaObjectField(Person, 'department', (t) =>
  t.field({
    type: Department,
    nullable: true,
    description: 'Employees: the team they work in. Null for customers.',
    select: (_args, _context, nested) => ({
      kind: true,
      profile: { select: { department: nested(true) } },
    }),
    resolve: (person) => (person.kind === 'EMPLOYEE' ? (person.profile?.department ?? null) : null),
  }),
);

builder.queryField('departments', (t) =>
  t.prismaField({
    type: [Department],
    description: 'Every department, in the order the company lists them (then by name).',
    resolve: (query) =>
      db.department.findMany({
        ...selection(query),
        orderBy: [{ position: 'asc' }, { name: 'asc' }, { id: 'asc' }],
      }),
  }),
);

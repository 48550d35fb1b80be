import { builder } from './builder.ts';
import { db } from './db.ts';
import { Person } from './person.ts';
import { type DepartmentStats, departmentStats } from './stats.ts';

const DepartmentStatsRef = builder.objectRef<DepartmentStats>('DepartmentStats').implement({
  description: 'How a team answers customers, over the last 90 days, from public replies only.',
  fields: (t) => ({
    topicsAnswered: t.exposeInt('topicsAnswered', { description: 'Topics this team answered first.' }),
    answersGiven: t.exposeInt('answersGiven'),
    medianFirstResponseMinutes: t.exposeInt('medianFirstResponseMinutes', { nullable: true }),
  }),
});

export const Department = builder.prismaNode('Department', {
  id: { field: 'id' },
  description: 'A team of the company, with the employees in it and how fast it answers.',
  fields: (t) => ({
    slug: t.exposeString('slug'),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    employees: t.prismaField({
      type: [Person],
      description: 'Its employees, by name.',
      resolve: (query, department) =>
        db.user.findMany({
          ...query,
          where: { kind: 'EMPLOYEE', profile: { departmentId: department.id } },
          orderBy: [{ displayName: 'asc' }, { id: 'asc' }],
        }),
    }),
    stats: t.field({
      type: DepartmentStatsRef,
      resolve: (department, _args, context) => departmentStats(context, department.id),
    }),
  }),
});

builder.queryField('departments', (t) =>
  t.prismaField({
    type: [Department],
    description: 'Every department, in the order the company lists them.',
    resolve: (query) => db.department.findMany({ ...query, orderBy: [{ position: 'asc' }, { name: 'asc' }] }),
  }),
);

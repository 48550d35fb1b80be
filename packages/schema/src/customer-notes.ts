import { builder } from './builder.ts';
import { db } from './db.ts';
import { ForbiddenError, NotFoundError, writeErrors } from './errors.ts';
import { selection, signedIn } from './lookup.ts';
import { Person } from './person.ts';
import { Problems } from './validation.ts';
import { isEmployee, seesInternal } from './visibility.ts';

/**
 * Relationship memory: employees note what colleagues should know about a customer ("prefers
 * email", "renewal in May"). Employees only, like internal notes: null for everyone else.
 */
const BODY = { min: 1, max: 5_000 } as const;

export const CustomerNote = builder.prismaObject('CustomerNote', {
  description: 'A private note employees keep about a customer. Never shown to customers.',
  fields: (t) => ({
    body: t.exposeString('body', { description: 'Markdown.' }),
    author: t.relation('author'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectField(Person, 'employeeNotes', (t) =>
  t.prismaField({
    type: [CustomerNote],
    nullable: true,
    description:
      'Employees only: what colleagues noted about this person, newest first. Null for everyone else, the person included.',
    select: { id: true },
    resolve: (query, person, _args, context) =>
      seesInternal(context.viewer)
        ? db.customerNote.findMany({
            ...selection(query),
            where: { customerId: person.id },
            orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
            take: 100,
          })
        : null,
  }),
);

const AddCustomerNoteInput = builder.inputType('AddCustomerNoteInput', {
  fields: (t) => ({
    personId: t.globalID({ required: true, for: [Person] }),
    body: t.string({ required: true, description: `Markdown, ${BODY.min}-${BODY.max} characters.` }),
  }),
});

builder.mutationField('addCustomerNote', (t) =>
  t.prismaField({
    type: CustomerNote,
    description: 'Employees: keep a private note about a customer, for colleagues only.',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors] },
    args: { input: t.arg({ type: AddCustomerNoteInput, required: true }) },
    resolve: async (query, _root, { input }, context) => {
      const viewer = signedIn(context.viewer);
      if (!isEmployee(viewer)) throw new ForbiddenError('Only employees keep notes about customers.');
      const id = Number(input.personId.id);
      const person = Number.isSafeInteger(id) ? await db.user.findUnique({ where: { id } }) : null;
      if (!person) throw new NotFoundError('person', input.personId.id);
      const problems = new Problems();
      // Notes are about customers, shown on a customer's timeline; a colleague is no customer.
      if (person.kind !== 'CUSTOMER') problems.add('input.personId', 'is not a customer');
      const body = problems.text('input.body', input.body, BODY.min, BODY.max);
      problems.throwIfAny();
      return db.customerNote.create({
        ...selection(query),
        data: { customerId: person.id, authorId: viewer.id, body, createdAt: context.services.clock.now() },
      });
    },
  }),
);

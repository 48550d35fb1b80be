import { builder } from './builder.ts';
import { UserKindEnum } from './enums.ts';

/** A customer or an employee, as anyone may see them (never their email). */
export const Person = builder.prismaNode('User', {
  name: 'Person',
  id: { field: 'id' },
  fields: (t) => ({
    handle: t.exposeString('handle'),
    displayName: t.exposeString('displayName'),
    kind: t.expose('kind', { type: UserKindEnum }),
    bio: t.exposeString('bio'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

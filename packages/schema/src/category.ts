import { builder } from './builder.ts';
import { db } from './db.ts';
import { cardSelect } from './directory.ts';
import { selection } from './lookup.ts';

export const Category = builder.prismaNode('Category', {
  id: { field: 'id' },
  // Select mode: a topic row shows a category's slug and name, never its description.
  // The same columns the directory keeps (directory.ts), so its cards answer every plain read.
  select: cardSelect,
  fields: (t) => ({
    slug: t.string({ resolve: (category) => category.slug }),
    name: t.string({ resolve: (category) => category.name }),
    description: t.exposeString('description'),
    topicCount: t.exposeInt('topicCount', { description: 'Topics in this category that anyone can see.' }),
  }),
});

builder.queryField('categories', (t) =>
  t.prismaField({
    type: [Category],
    description: 'Every category, in the order the community shows them.',
    resolve: (query) =>
      db.category.findMany({ ...selection(query), orderBy: [{ position: 'asc' }, { id: 'asc' }] }),
  }),
);

import { builder } from './builder.ts';
import { db } from './db.ts';
import { cardSelect } from './directory.ts';
import { selection } from './lookup.ts';

export const Tag = builder.prismaObject('Tag', {
  description: 'A lower-case label on topics, e.g. `bank-feeds`; at most five per topic.',
  // Select mode: a topic row shows a tag's slug and name; the count only where asked for.
  // The same columns the directory keeps (directory.ts), so its cards answer every plain read.
  select: cardSelect,
  fields: (t) => ({
    slug: t.string({ resolve: (tag) => tag.slug }),
    name: t.string({ resolve: (tag) => tag.name }),
    topicCount: t.exposeInt('topicCount', { description: 'Visible topics carrying this tag.' }),
  }),
});

builder.queryField('tags', (t) =>
  t.prismaField({
    type: [Tag],
    description: 'Tags in use, most used first.',
    args: { first: t.arg.int({ defaultValue: 50, description: 'At most 100.' }) },
    resolve: (query, _root, args) =>
      db.tag.findMany({
        ...selection(query),
        where: { topicCount: { gt: 0 } },
        orderBy: [{ topicCount: 'desc' }, { slug: 'asc' }],
        take: Math.min(Math.max(args.first ?? 50, 0), 100),
      }),
  }),
);

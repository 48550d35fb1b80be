import { builder } from './builder.ts';
import { db } from './db.ts';
import { TopicKindEnum, TopicStatusEnum } from './enums.ts';

export const Topic = builder.prismaNode('Topic', {
  id: { field: 'id' },
  fields: (t) => ({
    slug: t.exposeString('slug'),
    title: t.exposeString('title'),
    body: t.exposeString('body', { description: 'Markdown, as the author wrote it.' }),
    kind: t.expose('kind', { type: TopicKindEnum }),
    status: t.expose('status', { type: TopicStatusEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastActivityAt: t.expose('lastActivityAt', { type: 'DateTime' }),
    replyCount: t.exposeInt('replyCount'),
    voteCount: t.exposeInt('voteCount'),
    author: t.relation('author'),
    category: t.relation('category'),
  }),
});

builder.queryField('topics', (t) =>
  t.prismaConnection({
    type: Topic,
    cursor: 'id',
    description: 'Topics anyone can see, newest first.',
    resolve: (query) =>
      db.topic.findMany({
        ...query,
        where: { hidden: false },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
  }),
);

import type { App } from '@parley/server/app';
import type { Comparison } from './harness.ts';

const query = `{
  topics(first: 20) {
    edges { node { id slug title kind replyCount createdAt author { handle displayName kind } category { slug name } } }
  }
}`;

/**
 * The home page's one query through the whole GraphQL stack (yoga, Pothos, plugin-prisma),
 * against the same rows read with one hand-written Prisma call: the ratio is what the API
 * layer costs on top of the database.
 */
export function latestTopics(app: App): Comparison {
  return {
    name: 'latest 20 topics (home page)',
    baseline: {
      label: 'Prisma findMany with includes',
      run: () =>
        app.database.prisma.topic.findMany({
          where: { hidden: false },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          take: 21,
          include: {
            author: { select: { id: true, handle: true, displayName: true, kind: true } },
            category: { select: { id: true, slug: true, name: true } },
          },
        }),
    },
    subject: {
      label: 'GraphQL `topics(first: 20)` via yoga.fetch',
      run: async () => {
        const response = await app.yoga.fetch('http://bench/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        });
        const result = (await response.json()) as { errors?: unknown };
        if (result.errors) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      },
    },
  };
}

import { seedDemoCommunity } from '@parley/prisma/seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type ApiTest, startApiTest } from '../support/api.ts';
import { graphql } from '../support/graphql.ts';

// Lists resolve through Pothos's prisma `query`: the SQL a page needs must not grow with the page.
let api: ApiTest;
let employee: Actor;
const statements: string[] = [];

beforeAll(async () => {
  api = await startApiTest({ onQuery: (sql) => statements.push(sql) });
  await seedDemoCommunity(api.prisma, { now: new Date(), passwordHash: 'not-used-here' });
  employee = await api.actor('employee');
});
afterAll(() => api?.stop());

const TopicList = graphql(`
  query TopicList($first: Int!) {
    topics(first: $first, orderBy: ACTIVE) {
      edges {
        node {
          id title kind status replyCount voteCount awaitingEmployee firstEmployeeResponseAt viewerHasVoted
          internalNoteCount
          author { handle displayName kind }
          firstEmployeeResponder { handle displayName }
          category { slug name }
          tags { slug }
        }
      }
    }
  }
`);

const TopicPage = graphql(`
  query TopicPage($id: ID!, $first: Int!) {
    topic(id: $id) {
      title
      author { handle }
      acceptedAnswer { id }
      posts(first: $first) { edges { node { id body isAcceptedAnswer author { handle displayName } reactions { kind count } } } }
    }
  }
`);

async function count<T>(run: () => Promise<T>): Promise<{ result: T; statements: number }> {
  statements.length = 0;
  const result = await run();
  return { result, statements: statements.length };
}

describe('the SQL a page costs', () => {
  it('is the same for 5 topics and for 50, with authors, profiles, categories, tags, counts and votes', async () => {
    // Tags and categories are read once per process (directories.test.ts counts those reads);
    // warmed first, so what is counted here is what every later page costs.
    await employee.data(TopicList, { first: 50 });
    const small = await count(() => employee.data(TopicList, { first: 5 }));
    const large = await count(() => employee.data(TopicList, { first: 50 }));
    console.info(`topic list: ${small.statements} SQL statements for 5 topics, ${large.statements} for 50`);
    expect(small.result.topics.edges).toHaveLength(5);
    expect(large.result.topics.edges).toHaveLength(50);
    expect(large.statements).toBe(small.statements);
    expect(small.statements).toBeGreaterThan(0);
    expect(large.statements).toBeLessThanOrEqual(10);
  });

  it('is the same for a topic page with 2 replies and with 20', async () => {
    const busiest = await api.prisma.topic.findFirstOrThrow({
      orderBy: [{ replyCount: 'desc' }, { id: 'asc' }],
    });
    const id = Buffer.from(`Topic:${busiest.id}`).toString('base64');
    const small = await count(() => employee.data(TopicPage, { id, first: 2 }));
    const large = await count(() => employee.data(TopicPage, { id, first: 20 }));
    expect(small.result.topic?.posts.edges).toHaveLength(2);
    expect(large.result.topic?.posts.edges.length).toBeGreaterThan(2);
    expect(small.statements).toBeGreaterThan(0);
    expect(large.statements).toBe(small.statements);
  });
});

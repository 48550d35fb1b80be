import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { startTestApp, testConfig } from './support/test-app.ts';
import { createTestDatabase, type TestDatabase } from './support/test-database.ts';

let test: TestDatabase;
let app: App;

beforeAll(async () => {
  test = await createTestDatabase({ migrated: false });
  // The first start on an empty database migrates and seeds it, as `npm start` does.
  app = await startTestApp(testConfig(test.config, { seedDemo: true }));
});
afterAll(async () => {
  await app.stop();
  await test.drop();
});

interface Result<T> {
  data?: T;
  errors?: Array<{ message: string }>;
}

async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<Result<T>> {
  const response = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Result<T>;
}

describe(`the first GraphQL endpoint`, () => {
  it('lists the categories in order', async () => {
    const result = await graphql<{ categories: Array<{ slug: string; name: string; topicCount: number }> }>(
      '{ categories { slug name topicCount } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.categories).toHaveLength(6);
    expect(result.data?.categories.every((category) => category.topicCount > 0)).toBe(true);
  });

  it('lists the latest topics first, with their authors and categories, page by page', async () => {
    type Page = {
      topics: {
        edges: Array<{
          node: { title: string; createdAt: string; author: { handle: string }; category: { slug: string } };
        }>;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
    const query = `query Latest($after: String) {
      topics(first: 10, after: $after) {
        edges { node { title createdAt author { handle } category { slug } } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    const first = await graphql<Page>(query);
    expect(first.errors).toBeUndefined();
    const page = first.data?.topics;
    expect(page?.edges).toHaveLength(10);
    expect(page?.pageInfo.hasNextPage).toBe(true);
    const times = page?.edges.map((edge) => Date.parse(edge.node.createdAt)) ?? [];
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const second = await graphql<Page>(query, { after: page?.pageInfo.endCursor });
    const secondTimes = second.data?.topics.edges.map((edge) => Date.parse(edge.node.createdAt)) ?? [];
    expect(secondTimes[0]).toBeLessThanOrEqual(times.at(-1) ?? 0);
    const titles = new Set(
      [...(page?.edges ?? []), ...(second.data?.topics.edges ?? [])].map((edge) => edge.node.title),
    );
    expect(titles.size).toBe(20);
  });

  it('reports the database in /health', async () => {
    const response = await fetch(new URL('/health', app.url));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      database: { engine: test.engine, status: 'up' },
      realtime: { transport: 'in-process', status: 'up', listeners: 0 },
    });
  });

  it('answers a malformed query with a GraphQL error, not a crash', async () => {
    const result = await graphql('{ categories { nope } }');
    expect(result.errors?.[0]?.message).toContain('Cannot query field "nope"');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type ApiTest, startApiTest } from '../support/api.ts';
import { graphql } from '../support/graphql.ts';

// A topic row's tags and category come from in-memory directories (packages/schema/src/directory.ts),
// not from joins: they must still be right the moment a tag or category appears, read once per
// page, and the rest of a tag or category must still be read on demand.
let api: ApiTest;
let customer: Actor;
const statements: string[] = [];

beforeAll(async () => {
  api = await startApiTest({ onQuery: (sql) => statements.push(sql) });
  await api.prisma.category.create({
    data: { slug: 'exports', name: 'Exports', description: 'Getting data out.' },
  });
  customer = await api.actor('customer');
});
afterAll(() => api?.stop());

const Create = graphql(`
  mutation DirectoriesCreate($category: String!, $title: String!, $tags: [String!]!) {
    createTopic(input: { category: $category, title: $title, body: "Details.", tags: $tags }) {
      __typename ... on MutationCreateTopicSuccess { data { id } }
    }
  }
`);
const Edit = graphql(`
  mutation DirectoriesEdit($id: ID!, $tags: [String!]) {
    editTopic(input: { topicId: $id, tags: $tags }) { __typename }
  }
`);
const Read = graphql(`
  query DirectoriesRead($id: ID!) {
    topic(id: $id) { category { slug name } tags { slug name } }
  }
`);
const Cards = graphql(`
  query DirectoriesCards($first: Int!) {
    topics(first: $first) { edges { node { tags { slug } } } }
  }
`);
const List = graphql(`
  query DirectoriesList($first: Int!) {
    topics(first: $first) {
      edges { node { title category { slug name description topicCount } tags { slug topicCount } } }
    }
  }
`);

async function create(category: string, title: string, tags: string[]): Promise<string> {
  const result = await customer.data(Create, { category, title, tags });
  if (result.createTopic.__typename !== 'MutationCreateTopicSuccess') {
    throw new Error(`not created: ${result.createTopic.__typename}`);
  }
  return result.createTopic.data.id;
}

/** Statements since the last call that read the tags table itself. */
function tagReads(): number {
  const count = statements.filter((sql) => /FROM "public"\."tags"/.test(sql)).length;
  statements.length = 0;
  return count;
}

describe('tags and categories on topic rows', () => {
  it('show tags ordered by slug, including tags created a moment ago by a write', async () => {
    const id = await create('exports', 'Exports time out', ['zeta', 'alpha-one', 'mid']);
    expect((await api.anonymous.data(Read, { id })).topic).toEqual({
      category: { slug: 'exports', name: 'Exports' },
      tags: [
        { slug: 'alpha-one', name: 'alpha one' },
        { slug: 'mid', name: 'mid' },
        { slug: 'zeta', name: 'zeta' },
      ],
    });

    expect((await customer.data(Edit, { id, tags: ['brand-new', 'alpha-one'] })).editTopic.__typename).toBe(
      'MutationEditTopicSuccess',
    );
    expect((await api.anonymous.data(Read, { id })).topic?.tags).toEqual([
      { slug: 'alpha-one', name: 'alpha one' },
      { slug: 'brand-new', name: 'brand new' },
    ]);
  });

  it('show a category created after the directory was first read', async () => {
    await api.prisma.category.create({ data: { slug: 'payroll', name: 'Payroll & tax' } });
    const id = await create('payroll', 'Payslip totals are off', []);
    expect((await api.anonymous.data(Read, { id })).topic).toEqual({
      category: { slug: 'payroll', name: 'Payroll & tax' },
      tags: [],
    });
  });

  it('read the unseen tags of a whole page in one statement, and known tags not again', async () => {
    for (let topic = 0; topic < 8; topic++) {
      await create('exports', `Page topic ${topic}`, [`page-${topic}-b`, `page-${topic}-a`]);
    }
    tagReads();
    const page = await api.anonymous.data(Cards, { first: 8 });
    expect(page.topics.edges.map((edge) => edge.node.tags.map((tag) => tag.slug))).toEqual(
      [7, 6, 5, 4, 3, 2, 1, 0].map((topic) => [`page-${topic}-a`, `page-${topic}-b`]),
    );
    expect(tagReads()).toBe(1);
    await api.anonymous.data(Cards, { first: 8 });
    expect(tagReads()).toBe(0);
  });

  it('still read what a card does not carry, on demand: counts and descriptions', async () => {
    const page = await api.anonymous.data(List, { first: 100 });
    const exports = await api.prisma.category.findUniqueOrThrow({ where: { slug: 'exports' } });
    const visible = await api.prisma.topic.count({ where: { categoryId: exports.id, hidden: false } });
    expect(visible).toBeGreaterThan(1);
    const row = page.topics.edges.find((edge) => edge.node.category.slug === 'exports')?.node;
    expect(row?.category).toEqual({
      slug: 'exports',
      name: 'Exports',
      description: 'Getting data out.',
      topicCount: visible,
    });
    const alpha = page.topics.edges.flatMap((edge) => edge.node.tags).find((tag) => tag.slug === 'alpha-one');
    expect(alpha?.topicCount).toBe(1);
  });
});

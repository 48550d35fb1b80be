import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type ApiTest, startApiTest } from '../support/api.ts';
import { graphql } from '../support/graphql.ts';

// Edits keep what was there before, readable by everyone who can read the topic.
let api: ApiTest;
let author: Actor;
let moderator: Actor;

beforeAll(async () => {
  api = await startApiTest();
  await api.prisma.category.create({ data: { slug: 'exports', name: 'Exports' } });
  author = await api.actor('customer', { handle: 'ada' });
  moderator = await api.actor('customer-moderator', { handle: 'moe' });
});
afterAll(() => api?.stop());

const Create = graphql(`
  mutation RevisionsCreate {
    createTopic(input: { category: "exports", title: "CSV export fails", body: "It fails.", tags: [] }) {
      __typename ... on MutationCreateTopicSuccess { data { id } }
    }
  }
`);
const Edit = graphql(`
  mutation RevisionsEdit($id: ID!, $title: String, $body: String) {
    editTopic(input: { topicId: $id, title: $title, body: $body }) { __typename }
  }
`);
const Read = graphql(`
  query RevisionsRead($id: ID!) {
    topic(id: $id) { title body editedAt revisions { title body editor { handle } } }
  }
`);

describe('topic revisions', () => {
  it('keep every earlier title and body, oldest first, with who replaced them, for every reader', async () => {
    const created = await author.data(Create);
    if (created.createTopic.__typename !== 'MutationCreateTopicSuccess') throw new Error('not created');
    const id = created.createTopic.data.id;
    expect((await api.anonymous.data(Read, { id })).topic).toMatchObject({ editedAt: null, revisions: [] });

    expect((await author.data(Edit, { id, body: 'It fails with a 500.' })).editTopic.__typename).toBe(
      'MutationEditTopicSuccess',
    );
    expect(
      (await moderator.data(Edit, { id, title: 'CSV export fails with a 500' })).editTopic.__typename,
    ).toBe('MutationEditTopicSuccess');
    const read = (await api.anonymous.data(Read, { id })).topic;
    expect(read?.title).toBe('CSV export fails with a 500');
    expect(read?.editedAt).not.toBeNull();
    expect(read?.revisions).toEqual([
      { title: 'CSV export fails', body: 'It fails.', editor: { handle: 'ada' } },
      { title: 'CSV export fails', body: 'It fails with a 500.', editor: { handle: 'moe' } },
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type ApiTest, startApiTest } from '../support/api.ts';
import { graphql } from '../support/graphql.ts';

// Duplicates merged into one conversation; related topics linked both ways.
let api: ApiTest;
let author: Actor;
let v1: Actor;
let v2: Actor;
let v3: Actor;
let employee: Actor;
let categoryId: number;

const gid = (id: number) => Buffer.from(`Topic:${id}`).toString('base64');
const uid = (actor: Actor) => actor.id ?? -1;

beforeAll(async () => {
  api = await startApiTest();
  categoryId = (await api.prisma.category.create({ data: { slug: 'exports', name: 'Exports' } })).id;
  author = await api.actor('customer', { handle: 'ada' });
  v1 = await api.actor('customer', { handle: 'vic' });
  v2 = await api.actor('customer', { handle: 'val' });
  v3 = await api.actor('customer', { handle: 'vera' });
  employee = await api.actor('employee', { handle: 'dana' });
});
afterAll(() => api?.stop());

async function topic(
  title: string,
  data: { voters?: Actor[]; followers?: Actor[]; replies?: string[]; notes?: string[] } = {},
) {
  const row = await api.prisma.topic.create({
    data: {
      slug: 'export',
      title,
      body: 'CSV export please.',
      kind: 'IDEA',
      ideaStatus: 'OPEN',
      authorId: uid(author),
      categoryId,
      voteCount: data.voters?.length ?? 0,
      followerCount: data.followers?.length ?? 0,
      replyCount: data.replies?.length ?? 0,
      internalNoteCount: data.notes?.length ?? 0,
      votes: { create: (data.voters ?? []).map((voter) => ({ userId: uid(voter) })) },
      follows: { create: (data.followers ?? []).map((follower) => ({ userId: uid(follower) })) },
      posts: {
        create: [
          ...(data.replies ?? []).map((body) => ({ authorId: uid(v1), body })),
          ...(data.notes ?? []).map((body) => ({ authorId: uid(employee), body, internal: true })),
        ],
      },
    },
  });
  return row.id;
}

const Merge = graphql(`
  mutation Merge($from: ID!, $into: ID!) {
    mergeTopic(input: { topicId: $from, intoTopicId: $into }) {
      __typename
      ... on MutationMergeTopicSuccess {
        data { title voteCount replyCount followerCount mergedFrom { title } posts(first: 20) { edges { node { body } } } }
      }
      ... on ConflictError { field }
    }
  }
`);

describe('mergeTopic', () => {
  it('moves votes without double counting, followers and replies; the old topic leads to the new one', async () => {
    const duplicate = await topic('Export to CSV (duplicate)', {
      voters: [v1, v2, author],
      followers: [author, v1],
      replies: ['me too', 'also for payroll'],
      notes: ['internal: same as the other one'],
    });
    const original = await topic('CSV export', { voters: [v2, v3], followers: [v3], replies: ['+1'] });
    expect(
      (await author.data(Merge, { from: gid(duplicate), into: gid(original) })).mergeTopic.__typename,
    ).toBe('ForbiddenError');
    const merged = await employee.data(Merge, { from: gid(duplicate), into: gid(original) });
    expect(merged.mergeTopic).toMatchObject({
      __typename: 'MutationMergeTopicSuccess',
      data: {
        title: 'CSV export',
        voteCount: 4,
        replyCount: 3,
        followerCount: 3,
        mergedFrom: [{ title: 'Export to CSV (duplicate)' }],
      },
    });
    const bodies =
      merged.mergeTopic.__typename === 'MutationMergeTopicSuccess'
        ? merged.mergeTopic.data.posts.edges.map((edge) => edge.node.body).sort()
        : [];
    // Employees see the moved internal note too; the counts stay exact.
    expect(bodies).toEqual(['+1', 'also for payroll', 'internal: same as the other one', 'me too']);
    const voters = await api.prisma.vote.findMany({
      where: { topicId: original },
      select: { user: { select: { handle: true } } },
    });
    expect(voters.map((vote) => vote.user.handle).sort()).toEqual(['ada', 'val', 'vera', 'vic']);
    expect(await api.prisma.vote.count({ where: { topicId: duplicate } })).toBe(0);

    // A customer following the old URL learns where the conversation continues.
    const Old = graphql(`
      query OldTopic($id: ID!) {
        topic(id: $id) { status locked voteCount mergedInto { id title } posts(first: 5) { edges { node { body } } } }
      }
    `);
    expect((await v3.data(Old, { id: gid(duplicate) })).topic).toEqual({
      status: 'CLOSED',
      locked: true,
      voteCount: 0,
      mergedInto: { id: gid(original), title: 'CSV export' },
      posts: { edges: [] },
    });
    const customerView = await v3.data(Old, { id: gid(original) });
    expect(customerView.topic?.posts.edges.map((edge) => edge.node.body).sort()).toEqual([
      '+1',
      'also for payroll',
      'me too',
    ]);
  });

  it('refuses merging into itself, into a merged-away topic, or twice, changing nothing', async () => {
    const a = await topic('Merge A', { voters: [v1] });
    const b = await topic('Merge B', { voters: [v2] });
    expect((await employee.data(Merge, { from: gid(a), into: gid(a) })).mergeTopic).toEqual({
      __typename: 'ConflictError',
      field: 'input.intoTopicId',
    });
    await employee.data(Merge, { from: gid(a), into: gid(b) });
    const c = await topic('Merge C');
    expect((await employee.data(Merge, { from: gid(c), into: gid(a) })).mergeTopic).toEqual({
      __typename: 'ConflictError',
      field: 'input.intoTopicId',
    });
    expect((await employee.data(Merge, { from: gid(a), into: gid(c) })).mergeTopic).toEqual({
      __typename: 'ConflictError',
      field: 'input.topicId',
    });
    const after = await api.prisma.topic.findMany({ where: { id: { in: [b, c] } }, orderBy: { id: 'asc' } });
    expect(after.map((row) => [row.voteCount, row.mergedIntoId])).toEqual([
      [2, null],
      [0, null],
    ]);
  });
});

describe('linkTopics', () => {
  it('shows related topics on both sides, once, and can be undone', async () => {
    const one = await topic('Export to Excel');
    const two = await topic('Import from Excel');
    const Link = graphql(`
      mutation Link($a: ID!, $b: ID!, $linked: Boolean) {
        linkTopics(topicId: $a, relatedTopicId: $b, linked: $linked) {
          __typename ... on MutationLinkTopicsSuccess { data { relatedTopics { title } } } ... on ConflictError { field }
        }
      }
    `);
    const Related = graphql(`query Related($id: ID!) { topic(id: $id) { relatedTopics { title } } }`);
    expect((await author.data(Link, { a: gid(one), b: gid(two) })).linkTopics.__typename).toBe(
      'ForbiddenError',
    );
    expect((await employee.data(Link, { a: gid(two), b: gid(one) })).linkTopics).toEqual({
      __typename: 'MutationLinkTopicsSuccess',
      data: { relatedTopics: [{ title: 'Export to Excel' }] },
    });
    expect((await api.anonymous.data(Related, { id: gid(one) })).topic?.relatedTopics).toEqual([
      { title: 'Import from Excel' },
    ]);
    expect((await employee.data(Link, { a: gid(one), b: gid(two) })).linkTopics).toEqual({
      __typename: 'ConflictError',
      field: 'relatedTopicId',
    });
    expect((await employee.data(Link, { a: gid(one), b: gid(one) })).linkTopics.__typename).toBe(
      'ConflictError',
    );
    await employee.data(Link, { a: gid(one), b: gid(two), linked: false });
    expect((await api.anonymous.data(Related, { id: gid(two) })).topic?.relatedTopics).toEqual([]);
  });
});

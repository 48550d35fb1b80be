import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type ApiTest, startApiTest } from '../support/api.ts';
import { graphql } from '../support/graphql.ts';

// Every role against every write and every sensitive read: who may do what is the product.
type Who = 'anonymous' | 'author' | 'customer' | 'employee' | 'moderator' | 'admin' | 'communityModerator';
const everyone: Who[] = [
  'anonymous',
  'author',
  'customer',
  'employee',
  'moderator',
  'admin',
  'communityModerator',
];
const signedIn = everyone.filter((who) => who !== 'anonymous');
const staff: Who[] = ['employee', 'moderator', 'admin'];
const moderators: Who[] = [...staff, 'communityModerator'];

let api: ApiTest;
const actors = {} as Record<Who, Actor>;
let categoryId: number;
let otherCategory: string;

beforeAll(async () => {
  api = await startApiTest();
  categoryId = (await api.prisma.category.create({ data: { slug: 'general', name: 'General' } })).id;
  otherCategory = (await api.prisma.category.create({ data: { slug: 'other', name: 'Other' } })).slug;
  actors.anonymous = api.anonymous;
  actors.author = await api.actor('customer');
  actors.customer = await api.actor('customer');
  actors.employee = await api.actor('employee');
  actors.moderator = await api.actor('moderator');
  actors.admin = await api.actor('admin');
  actors.communityModerator = await api.actor('customer-moderator');
});
afterAll(() => api?.stop());

const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');

/** A fresh topic by the author with a public employee reply, a reply by the author and an internal note. */
async function fixture(options: { hidden?: boolean } = {}) {
  const author = actors.author.id ?? 0;
  const employee = actors.employee.id ?? 0;
  const topic = await api.prisma.topic.create({
    data: {
      slug: 'fixture',
      title: 'A fixture topic',
      body: 'Body',
      authorId: author,
      categoryId,
      hidden: options.hidden ?? false,
      replyCount: 2,
      internalNoteCount: 1,
    },
  });
  const answer = await api.prisma.post.create({
    data: { topicId: topic.id, authorId: employee, body: 'Answer' },
  });
  const own = await api.prisma.post.create({
    data: { topicId: topic.id, authorId: author, body: 'Own reply' },
  });
  const note = await api.prisma.post.create({
    data: { topicId: topic.id, authorId: employee, body: 'Secret internal note', internal: true },
  });
  const hiddenPost = await api.prisma.post.create({
    data: { topicId: topic.id, authorId: author, body: 'Hidden reply', hidden: true },
  });
  return {
    topic: globalId('Topic', topic.id),
    answer: globalId('Post', answer.id),
    own: globalId('Post', own.id),
    note: globalId('Post', note.id),
    hiddenPost: globalId('Post', hiddenPost.id),
  };
}

type Fixture = Awaited<ReturnType<typeof fixture>>;

// One operation per mutation, each returning only its result's type name.
const operations = {
  createTopic: graphql(
    `mutation M($category: String!) { r: createTopic(input: { category: $category, title: "Hello there", body: "Body" }) { __typename } }`,
  ),
  editTopic: graphql(
    `mutation M($topic: ID!) { r: editTopic(input: { topicId: $topic, title: "New title" }) { __typename } }`,
  ),
  reply: graphql(
    `mutation M($topic: ID!) { r: createPost(input: { topicId: $topic, body: "A reply" }) { __typename } }`,
  ),
  internalNote: graphql(
    `mutation M($topic: ID!) { r: createPost(input: { topicId: $topic, body: "Note", internal: true }) { __typename } }`,
  ),
  editPost: graphql(`mutation M($post: ID!) { r: editPost(postId: $post, body: "Edited") { __typename } }`),
  deletePost: graphql(`mutation M($post: ID!) { r: deletePost(postId: $post) { __typename } }`),
  acceptAnswer: graphql(`mutation M($post: ID!) { r: acceptAnswer(postId: $post) { __typename } }`),
  unacceptAnswer: graphql(`mutation M($topic: ID!) { r: unacceptAnswer(topicId: $topic) { __typename } }`),
  vote: graphql(`mutation M($topic: ID!) { r: vote(topicId: $topic) { __typename } }`),
  follow: graphql(`mutation M($topic: ID!) { r: followTopic(topicId: $topic) { __typename } }`),
  react: graphql(`mutation M($post: ID!) { r: react(postId: $post, kind: THANKS) { __typename } }`),
  pin: graphql(`mutation M($topic: ID!) { r: pinTopic(topicId: $topic) { __typename } }`),
  lock: graphql(`mutation M($topic: ID!) { r: lockTopic(topicId: $topic) { __typename } }`),
  close: graphql(`mutation M($topic: ID!) { r: closeTopic(topicId: $topic) { __typename } }`),
  hideTopic: graphql(`mutation M($topic: ID!) { r: hideTopic(topicId: $topic) { __typename } }`),
  hidePost: graphql(`mutation M($post: ID!) { r: hidePost(postId: $post) { __typename } }`),
  move: graphql(
    `mutation M($topic: ID!, $category: String!) { r: moveTopic(topicId: $topic, category: $category) { __typename } }`,
  ),
  markRead: graphql(`mutation M { r: markNotificationsRead { __typename } }`),
};

const matrix: [keyof typeof operations, Who[], (f: Fixture) => Record<string, string>][] = [
  ['createTopic', signedIn, () => ({ category: 'general' })],
  ['editTopic', ['author', ...moderators], (f) => ({ topic: f.topic })],
  ['reply', signedIn, (f) => ({ topic: f.topic })],
  ['internalNote', staff, (f) => ({ topic: f.topic })],
  ['editPost', ['author'], (f) => ({ post: f.own })],
  ['deletePost', ['author', ...moderators], (f) => ({ post: f.own })],
  ['acceptAnswer', ['author', ...moderators], (f) => ({ post: f.answer })],
  ['unacceptAnswer', ['author', ...moderators], (f) => ({ topic: f.topic })],
  ['vote', signedIn, (f) => ({ topic: f.topic })],
  ['follow', signedIn, (f) => ({ topic: f.topic })],
  ['react', signedIn, (f) => ({ post: f.answer })],
  ['pin', moderators, (f) => ({ topic: f.topic })],
  ['lock', moderators, (f) => ({ topic: f.topic })],
  ['close', moderators, (f) => ({ topic: f.topic })],
  ['hideTopic', moderators, (f) => ({ topic: f.topic })],
  ['hidePost', moderators, (f) => ({ post: f.answer })],
  ['move', moderators, (f) => ({ topic: f.topic, category: otherCategory })],
  ['markRead', signedIn, () => ({})],
];

describe('who may write what', () => {
  for (const [name, allowed, variables] of matrix) {
    for (const who of everyone) {
      const expected = allowed.includes(who) ? 'success' : 'ForbiddenError';
      it(`${name} by ${who}: ${expected}`, async () => {
        const f = await fixture();
        const run = actors[who].data as (document: unknown, variables: unknown) => Promise<unknown>;
        const result = (await run(operations[name], variables(f))) as {
          r: { __typename: string };
        };
        expect(result.r.__typename.endsWith('Success') ? 'success' : result.r.__typename).toBe(expected);
      });
    }
  }
});

const Reads = graphql(`
  query Reads($topic: ID!, $note: ID!, $hiddenPost: ID!) {
    topic(id: $topic) { internalNoteCount posts(first: 10) { totalCount edges { node { body } } } }
    note: node(id: $note) { id }
    hiddenPost: node(id: $hiddenPost) { id }
  }
`);

const HiddenTopic = graphql(`
  query HiddenTopic($topic: ID!) {
    topic(id: $topic) { id }
    node(id: $topic) { id }
    topics(first: 100) { edges { node { id } } }
  }
`);

describe('who may read what', () => {
  for (const who of everyone) {
    const seesNotes = staff.includes(who);
    const seesHidden = moderators.includes(who);
    it(`${who} ${seesNotes ? 'sees' : 'never sees'} internal notes and ${seesHidden ? 'sees' : 'never sees'} hidden replies`, async () => {
      const f = await fixture();
      const result = await actors[who].data(Reads, {
        topic: f.topic,
        note: f.note,
        hiddenPost: f.hiddenPost,
      });
      const bodies = result.topic?.posts.edges.map((edge) => edge.node.body) ?? [];
      expect(bodies.includes('Secret internal note')).toBe(seesNotes);
      expect(bodies.includes('Hidden reply')).toBe(seesHidden);
      expect(result.topic?.posts.totalCount).toBe(2 + (seesNotes ? 1 : 0) + (seesHidden ? 1 : 0));
      expect(result.topic?.internalNoteCount).toBe(seesNotes ? 1 : null);
      expect(result.note === null).toBe(!seesNotes);
      expect(result.hiddenPost === null).toBe(!seesHidden);
    });

    it(`${who} ${seesHidden ? 'sees' : 'never sees'} hidden topics, by id, as a node or in lists`, async () => {
      const f = await fixture({ hidden: true });
      const result = await actors[who].data(HiddenTopic, { topic: f.topic });
      expect(result.topic === null).toBe(!seesHidden);
      expect(result.node === null).toBe(!seesHidden);
      expect(result.topics.edges.some((edge) => edge.node.id === f.topic)).toBe(seesHidden);
    });
  }

  it('shows a notification only to its owner, even by node id', async () => {
    const f = await fixture();
    await actors.author.data(operations.follow, { topic: f.topic });
    await actors.customer.data(operations.reply, { topic: f.topic });
    const row = await api.prisma.notification.findFirstOrThrow({ where: { userId: actors.author.id ?? 0 } });
    const Node = graphql(`query Node($id: ID!) { node(id: $id) { id } }`);
    const id = globalId('Notification', row.id);
    for (const who of everyone) {
      const result = await actors[who].data(Node, { id });
      expect(result.node === null, who).toBe(who !== 'author');
    }
  });
});

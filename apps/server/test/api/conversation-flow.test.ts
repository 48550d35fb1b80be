import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type ApiTest, startApiTest } from '../support/api.ts';
import { graphql, type ResultOf } from '../support/graphql.ts';

const CreateTopic = graphql(`
  mutation CreateTopic($input: CreateTopicInput!) {
    createTopic(input: $input) {
      __typename
      ... on MutationCreateTopicSuccess { data { id title slug awaitingEmployee status followerCount tags { slug } } }
      ... on ValidationError { problems { field message } }
      ... on Error { message }
    }
  }
`);

const Reply = graphql(`
  mutation Reply($input: CreatePostInput!) {
    createPost(input: $input) {
      __typename
      ... on MutationCreatePostSuccess { data { id internal author { handle } } }
      ... on ValidationError { problems { field message } }
      ... on Error { message }
    }
  }
`);

const TopicPage = graphql(`
  query TopicPage($id: ID!) {
    topic(id: $id) {
      id status replyCount awaitingEmployee firstEmployeeResponseAt firstResponseMinutes
      internalNoteCount viewerIsFollowing
      acceptedAnswer { id body }
      employeeParticipants { handle }
      posts(first: 50) { totalCount edges { node { id body internal } } }
    }
  }
`);

const Accept = graphql(`
  mutation Accept($postId: ID!) {
    acceptAnswer(postId: $postId) {
      __typename
      ... on MutationAcceptAnswerSuccess { data { status acceptedAnswer { id } } }
      ... on Error { message }
    }
  }
`);

const Notifications = graphql(`
  query Notifications {
    unreadNotificationCount
    notifications(first: 20) { edges { node { id kind actor { handle } topic { title } } } }
  }
`);

const ReadAll = graphql(`
  mutation ReadAll { markNotificationsRead { __typename ... on MutationMarkNotificationsReadSuccess { data } } }
`);

let api: ApiTest;
let customer: Actor;
let employee: Actor;
let other: Actor;

beforeAll(async () => {
  api = await startApiTest();
  await api.prisma.category.create({ data: { slug: 'banking', name: 'Banking' } });
  customer = await api.actor('customer', { handle: 'maria' });
  employee = await api.actor('employee', { handle: 'dana' });
  other = await api.actor('customer', { handle: 'tom' });
});
afterAll(() => api?.stop());

async function startTopic(author: Actor, title: string, extra: { body?: string; tags?: string[] } = {}) {
  const result = await author.data(CreateTopic, {
    input: {
      category: 'banking',
      title,
      body: extra.body ?? 'My bank feed stopped.',
      tags: extra.tags ?? [],
    },
  });
  if (result.createTopic.__typename !== 'MutationCreateTopicSuccess') throw new Error(JSON.stringify(result));
  return result.createTopic.data;
}

async function reply(author: Actor, topicId: string, body: string, internal = false) {
  const result = await author.data(Reply, { input: { topicId, body, internal } });
  if (result.createPost.__typename !== 'MutationCreatePostSuccess') throw new Error(JSON.stringify(result));
  return result.createPost.data;
}

describe('a customer’s conversation with the company', () => {
  it('runs from question to accepted answer, with response time, follows and notifications', async () => {
    const topic = await startTopic(customer, 'Bank feed stopped on Monday', {
      tags: ['bank-feeds', 'Bank-Feeds'],
    });
    expect(topic).toMatchObject({
      awaitingEmployee: true,
      status: 'OPEN',
      followerCount: 1,
      slug: 'bank-feed-stopped-on-monday',
    });
    expect(topic.tags).toEqual([{ slug: 'bank-feeds' }]);

    // An internal note is not a response: the topic still waits, and the customer never sees it.
    await reply(employee, topic.id, 'Northwind outage again, see BF-812.', true);
    let page = (await customer.data(TopicPage, { id: topic.id })).topic;
    expect(page?.awaitingEmployee).toBe(true);
    expect(page?.internalNoteCount).toBeNull();
    expect(page?.posts.totalCount).toBe(0);

    const answer = await reply(employee, topic.id, 'Reconnect the feed under Bank → Manage, @maria.');
    page = (await customer.data(TopicPage, { id: topic.id })).topic;
    expect(page?.awaitingEmployee).toBe(false);
    expect(page?.firstEmployeeResponseAt).not.toBeNull();
    expect(page?.firstResponseMinutes).toBeGreaterThanOrEqual(0);
    expect(page?.replyCount).toBe(1);
    expect(page?.employeeParticipants).toEqual([{ handle: 'dana' }]);
    expect(page?.posts.edges.map((edge) => edge.node.body)).toEqual([
      'Reconnect the feed under Bank → Manage, @maria.',
    ]);

    const asEmployee = (await employee.data(TopicPage, { id: topic.id })).topic;
    expect(asEmployee?.internalNoteCount).toBe(1);
    expect(asEmployee?.posts.edges.map((edge) => edge.node.internal)).toEqual([true, false]);
    expect(asEmployee?.viewerIsFollowing).toBe(true);

    // The customer follows as author, and the answer names her: one notification, the mention
    // (the more telling of the two; she is not told twice).
    const inbox = await customer.data(Notifications);
    expect(inbox.unreadNotificationCount).toBe(1);
    expect(inbox.notifications?.edges.map((edge) => edge.node.kind)).toEqual(['MENTION']);
    expect(inbox.notifications?.edges[0]?.node.actor?.handle).toBe('dana');

    const accepted = await customer.data(Accept, { postId: answer.id });
    expect(accepted.acceptAnswer).toMatchObject({
      data: { status: 'ANSWERED', acceptedAnswer: { id: answer.id } },
    });
    const employeeInbox = await employee.data(Notifications);
    expect(employeeInbox.notifications?.edges.map((edge) => edge.node.kind)).toEqual(['ANSWER_ACCEPTED']);

    expect((await customer.data(ReadAll)).markNotificationsRead).toEqual({
      __typename: 'MutationMarkNotificationsReadSuccess',
      data: 0,
    });
  });

  it('notifies people mentioned in a reply, once, and never the writer', async () => {
    const topic = await startTopic(customer, 'Who knows about VAT on imports?');
    await reply(customer, topic.id, 'Maybe @tom knows? (and @maria is me)');
    const tom = await other.data(Notifications);
    expect(tom.notifications?.edges.map((edge) => [edge.node.kind, edge.node.topic?.title])).toEqual([
      ['MENTION', 'Who knows about VAT on imports?'],
    ]);
  });

  it('never tells a customer about an internal note, even when it mentions them', async () => {
    const topic = await startTopic(other, 'Question about payslips');
    const before = (await other.data(Notifications)).unreadNotificationCount;
    await reply(employee, topic.id, 'Internal: @tom has asked this before.', true);
    expect((await other.data(Notifications)).unreadNotificationCount).toBe(before);
  });

  it('reports every broken rule with its field and writes nothing', async () => {
    const before = await api.prisma.topic.count();
    const result = await customer.data(CreateTopic, {
      input: {
        category: 'nowhere',
        title: 'Hi',
        body: '   ',
        tags: ['ok', 'b-c', 'dd', 'ee', 'ff', 'gg', 'Not OK!'],
      },
    });
    expect(result.createTopic.__typename).toBe('ValidationError');
    const problems = result.createTopic.__typename === 'ValidationError' ? result.createTopic.problems : [];
    expect(problems.map((problem) => problem.field).sort()).toEqual(
      ['input.body', 'input.category', 'input.tags', 'input.tags.6', 'input.title'].sort(),
    );
    expect(await api.prisma.topic.count()).toBe(before);
  });

  it('refuses replies to a locked topic with a clear reason, and hides hidden topics from customers', async () => {
    const topic = await startTopic(customer, 'Please lock me');
    const Lock = graphql(`
      mutation Lock($id: ID!) { lockTopic(topicId: $id) { __typename } hideTopic(topicId: $id) { __typename } }
    `);
    expect(await employee.data(Lock, { id: topic.id })).toEqual({
      lockTopic: { __typename: 'MutationLockTopicSuccess' },
      hideTopic: { __typename: 'MutationHideTopicSuccess' },
    });
    // The author can no longer see it at all: hidden is indistinguishable from missing.
    const refused = await customer.data(Reply, { input: { topicId: topic.id, body: 'Still there?' } });
    expect(refused.createPost).toMatchObject({ __typename: 'NotFoundError' });
    expect((await customer.data(TopicPage, { id: topic.id })).topic).toBeNull();

    const Unhide = graphql(`mutation Unhide($id: ID!) { hideTopic(topicId: $id, on: false) { __typename } }`);
    await employee.data(Unhide, { id: topic.id });
    const locked = await customer.data(Reply, { input: { topicId: topic.id, body: 'Still there?' } });
    expect(locked.createPost).toEqual({
      __typename: 'ForbiddenError',
      message: 'This topic is locked: it takes no new replies.',
    });
  });

  it('answers unknown ids with NotFoundError, never a server error', async () => {
    const result = await customer.data(Reply, { input: { topicId: 'VG9waWM6OTk5OTk5', body: 'Hello' } });
    expect(result.createPost).toMatchObject({ __typename: 'NotFoundError' });
  });

  it('keeps counters exact under 100 concurrent replies', async () => {
    const topic = await startTopic(customer, 'Busy thread');
    const repliers = await Promise.all(Array.from({ length: 4 }, () => api.actor('customer')));
    await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        reply(repliers[index % repliers.length] as Actor, topic.id, `Reply number ${index}`),
      ),
    );
    const row = await api.prisma.topic.findFirstOrThrow({ where: { title: 'Busy thread' } });
    expect(row.replyCount).toBe(100);
    expect(await api.prisma.post.count({ where: { topicId: row.id } })).toBe(100);
    expect(row.followerCount).toBe(5);
    expect(await api.prisma.topicFollow.count({ where: { topicId: row.id } })).toBe(5);
  });

  it('pages with cursors that stay stable while new topics arrive', async () => {
    const Page = graphql(`
      query Page($after: String) {
        topics(first: 3, after: $after, filter: { category: "banking" }) {
          edges { node { title } } pageInfo { hasNextPage endCursor }
        }
      }
    `);
    const seen: string[] = [];
    let after: string | null = null;
    let inserted = false;
    do {
      const result: ResultOf<typeof Page> = await customer.data(Page, { after });
      seen.push(...result.topics.edges.map((edge) => edge.node.title));
      if (!inserted) {
        await startTopic(other, 'Arrived while paging');
        inserted = true;
      }
      after = result.topics.pageInfo.hasNextPage ? (result.topics.pageInfo.endCursor ?? null) : null;
    } while (after !== null);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).not.toContain('Arrived while paging');
    const visible = await api.prisma.topic.count({ where: { hidden: false, category: { slug: 'banking' } } });
    expect(seen.length).toBe(visible - 1);
  });

  it('refuses a page larger than 100 with a clear error', async () => {
    const Big = graphql(`query Big { topics(first: 101) { edges { node { id } } } }`);
    const result = await customer.request(Big);
    expect(result.errors?.[0]?.message).toBe('first must be between 0 and 100 (it is 101).');
  });
});

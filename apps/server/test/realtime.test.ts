import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type ApiTest, startApiTest } from './support/api.ts';
import { graphql } from './support/graphql.ts';
import { type LiveClient, liveClient, settle } from './support/live.ts';

const Activity = graphql(`
  subscription Activity($topicId: ID!, $after: Int) {
    topicActivity(topicId: $topicId, after: $after) {
      __typename
      ... on PostAdded { cursor post { body internal author { handle } } }
      ... on PostEdited { cursor changes post { body } }
      ... on PostRemoved { cursor postId }
      ... on TopicChanged { cursor changes topic { status locked } }
      ... on TypingChanged { typing person { handle } }
    }
  }
`);

const Reply = graphql(`
  mutation LiveReply($topicId: ID!, $body: String!, $internal: Boolean) {
    createPost(input: { topicId: $topicId, body: $body, internal: $internal }) {
      __typename ... on MutationCreatePostSuccess { data { id } }
    }
  }
`);

let api: ApiTest;
let customer: Actor;
let employee: Actor;
let moderator: Actor;
const clients: LiveClient[] = [];

beforeAll(async () => {
  api = await startApiTest();
  await api.prisma.category.create({ data: { slug: 'general', name: 'General' } });
  customer = await api.actor('customer', { handle: 'nina' });
  employee = await api.actor('employee', { handle: 'dana' });
  moderator = await api.actor('moderator');
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await api?.stop();
});

function connect(actor: Actor | null): LiveClient {
  const client = liveClient(api.app.url, actor?.token ?? null);
  clients.push(client);
  return client;
}

async function newTopic(title: string): Promise<string> {
  const Create = graphql(`
    mutation LiveTopic($title: String!) {
      createTopic(input: { category: "general", title: $title, body: "Help please" }) {
        __typename ... on MutationCreateTopicSuccess { data { id } }
      }
    }
  `);
  const result = await customer.data(Create, { title });
  if (result.createTopic.__typename !== 'MutationCreateTopicSuccess') throw new Error('topic not created');
  return result.createTopic.data.id;
}

const reply = (actor: Actor, topicId: string, body: string, internal = false) =>
  actor.data(Reply, { topicId, body, internal });

describe('topicActivity over graphql-ws', () => {
  it('delivers replies live, and internal notes only to employees', async () => {
    const topicId = await newTopic('Live replies');
    const asCustomer = connect(customer).subscribe(Activity, { topicId });
    const asAnonymous = connect(null).subscribe(Activity, { topicId });
    const asEmployee = connect(employee).subscribe(Activity, { topicId });
    await settle();

    await reply(employee, topicId, 'Internal: check the logs', true);
    await reply(employee, topicId, 'Could you try reconnecting?');

    const seenByEmployee = await asEmployee.waitFor(2);
    expect(seenByEmployee.map((event) => event.topicActivity.__typename)).toEqual(['PostAdded', 'PostAdded']);
    const seenByCustomer = await asCustomer.waitFor(1);
    await asAnonymous.waitFor(1);
    await settle();
    for (const events of [asCustomer.received, asAnonymous.received]) {
      expect(events).toHaveLength(1);
      expect(events[0]?.topicActivity).toMatchObject({
        __typename: 'PostAdded',
        post: { body: 'Could you try reconnecting?', internal: false, author: { handle: 'dana' } },
      });
    }
    // Cursors count every event of the topic, internal ones included, so they never repeat.
    const cursors = seenByEmployee.map((event) => (event.topicActivity as { cursor: number }).cursor);
    expect(cursors[1]).toBe((cursors[0] ?? 0) + 1);
    expect(cursorOf(seenByCustomer[0])).toBe(cursors[1]);
  });

  it('replays what a dropped subscriber missed, in order, then goes live, without duplicates', async () => {
    const topicId = await newTopic('Catch up');
    const first = connect(customer);
    const before = first.subscribe(Activity, { topicId });
    await settle();
    await reply(employee, topicId, 'one');
    const [event] = await before.waitFor(1);
    const cursor = cursorOf(event);
    await first.close();

    await reply(employee, topicId, 'two');
    await reply(customer, topicId, 'three');

    const again = connect(customer).subscribe(Activity, { topicId, after: cursor });
    await again.waitFor(2);
    await reply(employee, topicId, 'four');
    const all = await again.waitFor(3);
    await settle();
    expect(again.received.map((e) => (e.topicActivity as { post: { body: string } }).post.body)).toEqual([
      'two',
      'three',
      'four',
    ]);
    const cursors = all.map((e) => (e.topicActivity as { cursor: number }).cursor);
    expect(cursors).toEqual([cursor + 1, cursor + 2, cursor + 3]);
  });

  it('re-checks rights at delivery: once a topic is hidden, customers stop receiving it', async () => {
    const topicId = await newTopic('Soon hidden');
    const watching = connect(customer).subscribe(Activity, { topicId });
    const moderating = connect(moderator).subscribe(Activity, { topicId });
    await settle();
    const Hide = graphql(`mutation LiveHide($id: ID!) { hideTopic(topicId: $id) { __typename } }`);
    await moderator.data(Hide, { id: topicId });
    await reply(employee, topicId, 'After hiding');
    await moderating.waitFor(2);
    await settle();
    expect(moderating.received.map((e) => e.topicActivity.__typename)).toEqual(['TopicChanged', 'PostAdded']);
    expect(watching.received).toEqual([]);
  });

  it('tells everyone watching who is typing', async () => {
    const topicId = await newTopic('Typing');
    const watching = connect(customer).subscribe(Activity, { topicId });
    await settle();
    const Typing = graphql(`
      mutation LiveTyping($id: ID!) {
        setTyping(topicId: $id, typing: true) { __typename ... on MutationSetTypingSuccess { data } }
      }
    `);
    await employee.data(Typing, { id: topicId });
    const [event] = await watching.waitFor(1);
    expect(event?.topicActivity).toEqual({
      __typename: 'TypingChanged',
      typing: true,
      person: { handle: 'dana' },
    });
  });

  it('refuses to subscribe to a topic the subscriber may not see', async () => {
    const hidden = await api.prisma.topic.create({
      data: {
        slug: 'hidden',
        title: 'Hidden',
        body: 'x',
        hidden: true,
        authorId: customer.id ?? 0,
        categoryId: (await api.prisma.category.findFirstOrThrow()).id,
      },
    });
    const topicId = Buffer.from(`Topic:${hidden.id}`).toString('base64');
    const refused = connect(customer).subscribe(Activity, { topicId });
    await settle();
    expect(refused.received).toEqual([]);
    expect(JSON.stringify(refused.errors)).toContain(`No topic ${hidden.id} exists, or you cannot see it.`);
  });
});

describe('notificationAdded', () => {
  it('delivers a person’s own notifications, and nobody else’s', async () => {
    const Added = graphql(`
      subscription Added { notificationAdded { unreadCount notification { kind actor { handle } } } }
    `);
    const mine = connect(customer).subscribe(Added, {});
    const theirs = connect(moderator).subscribe(Added, {});
    await settle();
    const topicId = await newTopic('Notify me');
    await reply(employee, topicId, 'An answer for you');
    const [event] = await mine.waitFor(1);
    expect(event?.notificationAdded).toMatchObject({
      notification: { kind: 'REPLY', actor: { handle: 'dana' } },
    });
    expect(event?.notificationAdded.unreadCount).toBeGreaterThan(0);
    await settle();
    expect(theirs.received).toEqual([]);
  });

  it('is refused to anonymous sockets', async () => {
    const Added = graphql(`subscription AddedAnon { notificationAdded { unreadCount } }`);
    const refused = connect(null).subscribe(Added, {});
    await settle();
    expect(refused.received).toEqual([]);
    expect(JSON.stringify(refused.errors)).toContain('Sign in to do this.');
  });
});

describe('the socket', () => {
  it('refuses a token that does not sign in', async () => {
    const bad = liveClient(api.app.url, 'pss_not-a-real-token');
    const closed = new Promise<number>((resolve) =>
      bad.client.on('closed', (event) => resolve((event as { code: number }).code)),
    );
    bad.subscribe(Activity, { topicId: 'VG9waWM6MQ==' });
    expect(await closed).toBe(4403);
    await bad.close();
  });
});

function cursorOf(event: { topicActivity: { __typename: string } } | undefined): number {
  const cursor = (event?.topicActivity as { cursor?: number } | undefined)?.cursor;
  if (cursor === undefined) throw new Error(`no cursor in ${JSON.stringify(event)}`);
  return cursor;
}

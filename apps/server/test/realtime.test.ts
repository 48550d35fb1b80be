import { createSession } from '@parley/schema/auth/session';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Actor, type ApiTest, startApiTest } from './support/api.ts';
import { graphql, type ResultOf } from './support/graphql.ts';
import {
  eventually,
  idOf,
  type LiveClient,
  listening,
  liveClient,
  realtimeHealth,
  settle,
} from './support/live.ts';

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

async function newTopic(title: string, author: Actor = customer): Promise<string> {
  const Create = graphql(`
    mutation LiveTopic($title: String!) {
      createTopic(input: { category: "general", title: $title, body: "Help please" }) {
        __typename ... on MutationCreateTopicSuccess { data { id } }
      }
    }
  `);
  const result = await author.data(Create, { title });
  if (result.createTopic.__typename !== 'MutationCreateTopicSuccess') throw new Error('topic not created');
  return result.createTopic.data.id;
}

/**
 * Waits until every subscription has received a fresh typing event from the moderator: events
 * on one topic arrive in order, so everything published before it has been delivered too.
 */
async function barrier(
  topicId: string,
  subscriptions: { received: unknown[]; waitFor(count: number, timeoutMs?: number): Promise<unknown> }[],
) {
  const Typing = graphql(
    `mutation Barrier($id: ID!, $typing: Boolean!) { setTyping(topicId: $id, typing: $typing) { __typename } }`,
  );
  for (let attempt = 0; ; attempt++) {
    const before = subscriptions.map((subscription) => subscription.received.length);
    await moderator.data(Typing, { id: topicId, typing: attempt % 2 === 0 });
    try {
      await Promise.all(
        subscriptions.map((subscription, index) => subscription.waitFor((before[index] ?? 0) + 1, 1_000)),
      );
      return;
    } catch (error) {
      if (attempt >= 10) throw error; // not yet subscribed: try again
    }
  }
}

const reply = (actor: Actor, topicId: string, body: string, internal = false) =>
  actor.data(Reply, { topicId, body, internal });

describe('topicActivity over graphql-ws', () => {
  it('delivers replies live, and internal notes only to employees', async () => {
    const topicId = await newTopic('Live replies');
    const asCustomer = connect(customer).subscribe(Activity, { topicId });
    const asAnonymous = connect(null).subscribe(Activity, { topicId });
    const asEmployee = connect(employee).subscribe(Activity, { topicId });
    const everyone = [asCustomer, asAnonymous, asEmployee];
    await barrier(topicId, everyone); // all three are live

    await reply(employee, topicId, 'Internal: check the logs', true);
    await reply(employee, topicId, 'Could you try reconnecting?');
    await barrier(topicId, everyone); // all three have received whatever they were going to

    const posts = (subscription: typeof asCustomer) =>
      subscription.received.filter((event) => event.topicActivity.__typename === 'PostAdded');
    const seenByEmployee = posts(asEmployee);
    expect(
      seenByEmployee.map((event) => (event.topicActivity as { post: { internal: boolean } }).post.internal),
    ).toEqual([true, false]);
    for (const seen of [posts(asCustomer), posts(asAnonymous)]) {
      expect(seen).toHaveLength(1);
      expect(seen[0]?.topicActivity).toMatchObject({
        __typename: 'PostAdded',
        post: { body: 'Could you try reconnecting?', internal: false, author: { handle: 'dana' } },
      });
    }
    // An employee's cursors count every event of the topic, internal ones included; a customer's
    // count only the others, so the internal note moved none of them.
    const cursors = seenByEmployee.map((event) => cursorOf(event));
    expect(cursors[1]).toBe((cursors[0] ?? 0) + 1);
    expect(cursorOf(posts(asCustomer)[0])).toBe((cursors[1] ?? 0) - 1);
    expect(cursorOf(posts(asAnonymous)[0])).toBe(cursorOf(posts(asCustomer)[0]));
  });

  it('replays what a dropped subscriber missed, in order, then goes live, without duplicates', async () => {
    const topicId = await newTopic('Catch up');
    const first = connect(customer);
    const before = first.subscribe(Activity, { topicId });
    await listening(api.app, `topic:${idOf(topicId)}`);
    await reply(employee, topicId, 'one');
    const [event] = await before.waitFor(1);
    const cursor = cursorOf(event);
    await first.close();

    await reply(employee, topicId, 'two');
    await reply(customer, topicId, 'three');
    await reply(employee, topicId, 'four');

    const again = connect(customer).subscribe(Activity, { topicId, after: cursor });
    await again.waitFor(4);
    await reply(employee, topicId, 'five');
    const all = await again.waitFor(5);
    await settle();
    // The first employee reply also ended the topic's wait: that change is replayed in its place.
    expect(
      again.received.map(({ topicActivity: event }) =>
        event.__typename === 'PostAdded' ? event.post.body : `${event.__typename} ${JSON.stringify(event)}`,
      ),
    ).toEqual([
      `TopicChanged ${JSON.stringify({ __typename: 'TopicChanged', cursor: cursor + 1, changes: ['awaitingEmployee'], topic: { status: 'OPEN', locked: false } })}`,
      'two',
      'three',
      'four',
      'five',
    ]);
    const cursors = all.map((e) => (e.topicActivity as { cursor: number }).cursor);
    expect(cursors).toEqual([cursor + 1, cursor + 2, cursor + 3, cursor + 4, cursor + 5]);
  });

  it('moves no cursor a customer sees for an internal note, a reaction to it or its edit, and resumes both', async () => {
    const Cursor = graphql(`query InternalCursor($id: ID!) { topic(id: $id) { activityCursor } }`);
    const Edit = graphql(`
      mutation InternalEdit($id: ID!, $body: String!) { editPost(postId: $id, body: $body) { __typename } }
    `);
    const React = graphql(`
      mutation InternalReact($id: ID!) { react(postId: $id, kind: THUMBS_UP) { __typename } }
    `);
    const cursorFor = async (actor: Actor) =>
      (await actor.data(Cursor, { id: topicId })).topic?.activityCursor ?? -1;
    const topicId = await newTopic('Quiet notes');
    const [publicStart, employeeStart] = [await cursorFor(api.anonymous), await cursorFor(employee)];
    const asAnonymous = connect(null).subscribe(Activity, { topicId, after: publicStart });
    const asEmployee = connect(employee).subscribe(Activity, { topicId, after: employeeStart });
    await listening(api.app, `topic:${idOf(topicId)}`, 2);

    const noted = await reply(employee, topicId, 'Internal: refund approved', true);
    if (noted.createPost.__typename !== 'MutationCreatePostSuccess') throw new Error('no note');
    await moderator.data(React, { id: noted.createPost.data.id });
    await employee.data(Edit, { id: noted.createPost.data.id, body: 'Internal: refund approved and sent' });
    expect(await cursorFor(api.anonymous)).toBe(publicStart);
    expect(await cursorFor(customer)).toBe(publicStart);
    expect(await cursorFor(employee)).toBe(employeeStart + 3);

    await reply(employee, topicId, 'Your refund is on its way.');
    await asAnonymous.waitFor(2); // the reply, and the wait it ended
    await asEmployee.waitFor(5);
    await settle();
    const cursors = (subscription: typeof asAnonymous) =>
      subscription.received.map((event) => cursorOf(event));
    expect(cursors(asAnonymous)).toEqual([publicStart + 1, publicStart + 2]);
    expect(cursors(asEmployee)).toEqual([1, 2, 3, 4, 5].map((step) => employeeStart + step));
    expect(await cursorFor(api.anonymous)).toBe(publicStart + 2);

    // Resuming from any cursor each was given: what followed it, in order, nothing else.
    const replayed = connect(null).subscribe(Activity, { topicId, after: publicStart + 1 });
    const employeeReplayed = connect(employee).subscribe(Activity, { topicId, after: employeeStart + 2 });
    await replayed.waitFor(1);
    await employeeReplayed.waitFor(3);
    await settle();
    expect(cursors(replayed)).toEqual([publicStart + 2]);
    expect(cursors(employeeReplayed)).toEqual([3, 4, 5].map((step) => employeeStart + step));
  });

  it('tells everyone on the topic, live, when the company answers: the wait ends once', async () => {
    const Waiting = graphql(`
      subscription Waiting($topicId: ID!) {
        topicActivity(topicId: $topicId) {
          __typename
          ... on PostAdded { post { body } }
          ... on TopicChanged { changes topic { awaitingEmployee firstResponseMinutes } }
        }
      }
    `);
    const topicId = await newTopic('Anyone there?');
    const asAnonymous = connect(null).subscribe(Waiting, { topicId });
    await listening(api.app, `topic:${idOf(topicId)}`);
    const seen = () =>
      asAnonymous.received.map(({ topicActivity: event }) =>
        event.__typename === 'PostAdded'
          ? event.post.body
          : event.__typename === 'TopicChanged'
            ? { changes: event.changes, topic: event.topic }
            : event.__typename,
      );
    await reply(customer, topicId, 'Still stuck.');
    await reply(employee, topicId, 'Internal: known bug', true); // not an answer, and not for customers
    await reply(employee, topicId, 'Here is the fix.');
    await reply(moderator, topicId, 'And a second answer.');
    await asAnonymous.waitFor(4);
    await settle();
    expect(seen()).toEqual([
      'Still stuck.',
      'Here is the fix.',
      { changes: ['awaitingEmployee'], topic: { awaitingEmployee: false, firstResponseMinutes: 0 } },
      'And a second answer.',
    ]);
  });

  it('catches up a reader who resumes from a cursor others already resumed from, sharing their execution', async () => {
    const topicId = await newTopic('Same page, later');
    const Cursor = graphql(`query ResumeCursor($id: ID!) { topic(id: $id) { activityCursor } }`);
    const after = (await customer.data(Cursor, { id: topicId })).topic?.activityCursor ?? 0;
    // Two anonymous readers rendered the page at the same cursor; the second subscribes later.
    const early = connect(null).subscribe(Activity, { topicId, after });
    await listening(api.app, `topic:${idOf(topicId)}`);
    await reply(employee, topicId, 'one');
    await reply(customer, topicId, 'two');
    await early.waitFor(3); // one, the wait it ended, two
    const late = connect(null).subscribe(Activity, { topicId, after });
    await late.waitFor(3);
    // One execution serves both: a single listener on the topic.
    expect(api.app.realtime.listeners(`topic:${idOf(topicId)}`)).toBe(1);
    await reply(employee, topicId, 'three');
    await late.waitFor(4);
    await early.waitFor(4);
    await settle();
    const cursors = (subscription: typeof late) => subscription.received.map((event) => cursorOf(event));
    expect(cursors(late)).toEqual([after + 1, after + 2, after + 3, after + 4]);
    expect(cursors(early)).toEqual(cursors(late));
  });

  it('re-checks rights at delivery: once a topic is hidden, customers stop receiving it', async () => {
    const topicId = await newTopic('Soon hidden');
    const watching = connect(customer).subscribe(Activity, { topicId });
    const moderating = connect(moderator).subscribe(Activity, { topicId });
    await listening(api.app, `topic:${idOf(topicId)}`, 2);
    const Hide = graphql(`mutation LiveHide($id: ID!) { hideTopic(topicId: $id) { __typename } }`);
    await moderator.data(Hide, { id: topicId });
    await reply(employee, topicId, 'After hiding');
    await moderating.waitFor(3);
    await settle();
    // Hidden, then the reply, then the wait it ended.
    expect(moderating.received.map((e) => e.topicActivity.__typename)).toEqual([
      'TopicChanged',
      'PostAdded',
      'TopicChanged',
    ]);
    expect(watching.received).toEqual([]);
  });

  it('tells customers of removed posts they could see, never of a hidden reply or a note deleted later', async () => {
    const PostModeration = graphql(`
      mutation LiveModeratePost($id: ID!, $hide: Boolean!) {
        hidePost(postId: $id, on: $hide) @include(if: $hide) { __typename }
        deletePost(postId: $id) @skip(if: $hide) { __typename }
      }
    `);
    const postIdOf = (result: ResultOf<typeof Reply>) => {
      if (result.createPost.__typename !== 'MutationCreatePostSuccess') throw new Error('no post');
      return result.createPost.data.id;
    };
    const topicId = await newTopic('Removed posts');
    const shown = postIdOf(await reply(employee, topicId, 'A reply soon hidden'));
    const note = postIdOf(await reply(employee, topicId, 'Internal: soon deleted', true));
    const Cursor = graphql(`query RemovedCursor($id: ID!) { topic(id: $id) { activityCursor } }`);
    const after = (await customer.data(Cursor, { id: topicId })).topic?.activityCursor ?? 0;
    const asCustomer = connect(customer).subscribe(Activity, { topicId });
    const asModerator = connect(moderator).subscribe(Activity, { topicId });
    await barrier(topicId, [asCustomer, asModerator]);

    await moderator.data(PostModeration, { id: shown, hide: true }); // the customer saw it: told
    await moderator.data(PostModeration, { id: shown, hide: false }); // now deleted, already hidden
    await employee.data(PostModeration, { id: note, hide: false });
    await barrier(topicId, [asCustomer, asModerator]);
    const removed = (subscription: { received: ResultOf<typeof Activity>[] }) =>
      subscription.received.flatMap(({ topicActivity: event }) =>
        event.__typename === 'PostRemoved' ? [event.postId] : [],
      );
    expect(removed(asModerator)).toEqual([shown, shown, note]); // an employee
    expect(removed(asCustomer)).toEqual([shown]);
    // Replayed from the store, the same.
    const replayed = connect(customer).subscribe(Activity, { topicId, after });
    await barrier(topicId, [replayed]);
    expect(removed(replayed)).toEqual([shown]);
  });

  it('tells everyone watching who is typing, and when a silent typist stops', async () => {
    const topicId = await newTopic('Typing');
    const watching = connect(customer).subscribe(Activity, { topicId });
    await listening(api.app, `topic:${idOf(topicId)}`);
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
    // The typist never says they stopped (their tab closed): the server says it for them.
    const [, stopped] = await watching.waitFor(2, 12_000);
    expect(stopped?.topicActivity).toEqual({
      __typename: 'TypingChanged',
      typing: false,
      person: { handle: 'dana' },
    });
  });

  it('tells only employees who is typing an internal note', async () => {
    const topicId = await newTopic('Typing a note');
    const asCustomer = connect(customer).subscribe(Activity, { topicId });
    const asAnonymous = connect(null).subscribe(Activity, { topicId });
    const asEmployee = connect(employee).subscribe(Activity, { topicId });
    const everyone = [asCustomer, asAnonymous, asEmployee];
    await barrier(topicId, everyone);
    const colleague = await api.actor('employee');
    const Typing = graphql(`
      mutation LiveNoteTyping($id: ID!, $typing: Boolean!) {
        setTyping(topicId: $id, typing: $typing, internal: true) { __typename }
      }
    `);
    await colleague.data(Typing, { id: topicId, typing: true });
    await colleague.data(Typing, { id: topicId, typing: false });
    await barrier(topicId, everyone);
    const typing = (subscription: typeof asCustomer) =>
      subscription.received.flatMap(({ topicActivity: event }) =>
        event.__typename === 'TypingChanged' && event.person.handle === colleague.handle
          ? [event.typing]
          : [],
      );
    expect(typing(asEmployee)).toEqual([true, false]);
    expect(typing(asCustomer)).toEqual([]);
    expect(typing(asAnonymous)).toEqual([]);
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
    // The refusal arrives as the subscription's error, however busy the machine is.
    const errors = await refused.failure(10_000);
    expect(refused.received).toEqual([]);
    expect(JSON.stringify(errors)).toContain(`No topic ${hidden.id} exists, or you cannot see it.`);
  });
});

describe('notificationAdded', () => {
  it('delivers a person’s own notifications, and nobody else’s', async () => {
    const Added = graphql(`
      subscription Added { notificationAdded { unreadCount notification { kind actor { handle } } } }
    `);
    const mine = connect(customer).subscribe(Added, {});
    const theirs = connect(moderator).subscribe(Added, {});
    await listening(api.app, `user:${customer.id}`);
    await listening(api.app, `user:${moderator.id}`);
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
    const errors = await refused.failure();
    expect(refused.received).toEqual([]);
    expect(JSON.stringify(errors)).toContain('Sign in to do this.');
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

describe('a change of rights on open sockets', () => {
  const SignOut = graphql(`mutation LiveSignOut { signOut { __typename } }`);
  const Demote = graphql(`
    mutation LiveDemote($id: ID!) { setUserKind(input: { personId: $id, kind: CUSTOMER }) { __typename } }
  `);
  const SetRole = graphql(`
    mutation LiveSetRole($id: ID!, $role: UserRole!) {
      setUserRole(input: { personId: $id, role: $role }) { __typename }
    }
  `);
  const CreateToken = graphql(`
    mutation LiveToken($scopes: [ApiTokenScope!]!) {
      createApiToken(input: { name: "live", scopes: $scopes }) {
        __typename ... on MutationCreateApiTokenSuccess { data { secret } }
      }
    }
  `);
  const personId = (actor: Actor) => Buffer.from(`Person:${actor.id}`).toString('base64');
  /** The socket's close code once it closes, or 'open' if it is still open after `ms`. */
  const closedWithin = (client: LiveClient, ms = 3_000) =>
    new Promise<number | 'open'>((resolve) => {
      client.client.on('closed', (event) => resolve((event as { code: number }).code));
      setTimeout(() => resolve('open'), ms);
    });
  const bodies = (subscription: { received: ResultOf<typeof Activity>[] }) =>
    subscription.received.flatMap(({ topicActivity: event }) =>
      event.__typename === 'PostAdded' ? [event.post.body] : [],
    );
  const secondSession = async (actor: Actor) =>
    api.withToken(await createSession(actor.id ?? 0, new Date(), null));
  let admin: Actor;
  beforeAll(async () => {
    admin = await api.actor('admin');
  });

  it('closes the sockets of a session signed out over HTTP, and only that session’s', async () => {
    const person = await api.actor('employee');
    const other = await secondSession(person);
    const topicId = await newTopic('Signed out');
    const signedOutSocket = connect(person);
    const otherSocket = connect(other);
    const signedOut = signedOutSocket.subscribe(Activity, { topicId });
    const stillIn = otherSocket.subscribe(Activity, { topicId });
    const closed = closedWithin(signedOutSocket);
    const otherClosed = closedWithin(otherSocket);
    await listening(api.app, `topic:${idOf(topicId)}`);
    await person.data(SignOut);
    await reply(employee, topicId, 'Internal: after the sign-out', true);
    expect(await closed).toBe(4403);
    expect(bodies(signedOut)).not.toContain('Internal: after the sign-out');
    // The person's other session is still signed in, and still an employee.
    await stillIn.waitFor(1);
    expect(bodies(stillIn)).toEqual(['Internal: after the sign-out']);
    expect(await otherClosed).toBe('open');
  });

  it('closes every socket of an employee made a customer, sessions and READ_INTERNAL tokens alike', async () => {
    const person = await api.actor('employee');
    const created = await person.data(CreateToken, { scopes: ['READ_INTERNAL'] });
    if (created.createApiToken.__typename !== 'MutationCreateApiTokenSuccess') throw new Error('no token');
    const topicId = await newTopic('Demoted');
    const sessionSocket = connect(person);
    const tokenSocket = connect(api.withToken(created.createApiToken.data.secret));
    const feeds = [sessionSocket, tokenSocket].map((socket) => socket.subscribe(Activity, { topicId }));
    const closed = [sessionSocket, tokenSocket].map((socket) => closedWithin(socket));
    await barrier(topicId, feeds); // both live
    expect((await admin.data(Demote, { id: personId(person) })).setUserKind.__typename).toBe(
      'MutationSetUserKindSuccess',
    );
    await reply(employee, topicId, 'Internal: after the demotion', true);
    expect(await Promise.all(closed)).toEqual([4403, 4403]);
    for (const feed of feeds) expect(bodies(feed)).not.toContain('Internal: after the demotion');
  });

  it('closes the sockets of a moderator made a member again', async () => {
    const person = await api.actor('customer-moderator');
    const topicId = await newTopic('Demoted moderator');
    const socket = connect(person);
    const feed = socket.subscribe(Activity, { topicId });
    const closed = closedWithin(socket);
    await listening(api.app, `topic:${idOf(topicId)}`);
    await admin.data(SetRole, { id: personId(person), role: 'MEMBER' });
    const Hide = graphql(`mutation LiveHideAgain($id: ID!) { hideTopic(topicId: $id) { __typename } }`);
    await moderator.data(Hide, { id: topicId });
    await reply(employee, topicId, 'On a hidden topic');
    expect(await closed).toBe(4403);
    expect(bodies(feed)).not.toContain('On a hidden topic');
  });

  it('never lets a socket opened after a demotion join an execution that still runs with the old rights', async () => {
    const person = await api.actor('employee');
    const topicId = await newTopic('Joined late');
    const before = connect(person).subscribe(Activity, { topicId });
    await barrier(topicId, [before]);
    // Demoted without the event reaching this instance (a direct change, or Redis away):
    // the open socket keeps running, but a new one must not share its execution.
    await api.prisma.user.update({ where: { id: person.id ?? 0 }, data: { kind: 'CUSTOMER' } });
    const after = connect(await secondSession(person)).subscribe(Activity, { topicId });
    await barrier(topicId, [before, after]);
    await reply(employee, topicId, 'Internal: for employees only', true);
    await reply(employee, topicId, 'Public: for everyone');
    await after.waitFor(after.received.length + 1);
    await barrier(topicId, [after]);
    expect(bodies(after)).toEqual(['Public: for everyone']);
  });

  it('closes a session’s socket when the session expires while it is open', async () => {
    const person = await api.actor('employee');
    const session = await api.prisma.session.findFirstOrThrow({
      where: { userId: person.id ?? 0 },
      orderBy: { id: 'desc' },
    });
    await api.prisma.session.update({
      where: { id: session.id },
      data: { expiresAt: new Date(Date.now() + 1_500) },
    });
    const socket = connect(person);
    const closed = closedWithin(socket, 5_000);
    socket.subscribe(Activity, { topicId: await newTopic('Expiring') });
    expect(await closed).toBe(4403);
  });
});

function cursorOf(event: { topicActivity: { __typename: string } } | undefined): number {
  const cursor = (event?.topicActivity as { cursor?: number } | undefined)?.cursor;
  if (cursor === undefined) throw new Error(`no cursor in ${JSON.stringify(event)}`);
  return cursor;
}

describe('the socket’s limits and shutdown', () => {
  it('closes a socket that opens more than 25 subscriptions', async () => {
    const topicId = await newTopic('Too many');
    const greedy = connect(customer);
    const closed = new Promise<number>((resolve) =>
      greedy.client.on('closed', (event) => resolve((event as { code: number }).code)),
    );
    for (let index = 0; index < 26; index++) greedy.subscribe(Activity, { topicId });
    expect(await closed).toBe(4403);
  });
});

describe('unreadNotificationCount', () => {
  const Unread = graphql(`subscription Unread { unreadNotificationCount }`);
  const MarkRead = graphql(`
    mutation UnreadMark { markNotificationsRead { ... on MutationMarkNotificationsReadSuccess { data } } }
  `);

  it('sends the count first, then whenever a notification arrives or some are marked read, to every tab', async () => {
    const reader = await api.actor('customer');
    const topicId = await newTopic('Badge', reader);
    const Added = graphql(`subscription UnreadAdded { notificationAdded { unreadCount } }`);
    const tab = connect(reader).subscribe(Unread, {});
    const otherTab = connect(reader).subscribe(Unread, {});
    const added = connect(reader).subscribe(Added, {});
    // The tabs share one execution (same person, same operation): the later one is sent its latest count.
    await tab.waitFor(1);
    await otherTab.waitFor(1);
    await listening(api.app, `user:${reader.id}`, 2);

    await reply(employee, topicId, 'An answer for the badge');
    await tab.waitFor(2);
    await otherTab.waitFor(2);
    expect((await added.waitFor(1))[0]?.notificationAdded.unreadCount).toBe(1);

    // Read in one tab (over HTTP): every subscribed tab hears it.
    expect((await reader.data(MarkRead)).markNotificationsRead).toEqual({ data: 0 });
    await tab.waitFor(3);
    await otherTab.waitFor(3);
    for (const seen of [tab, otherTab])
      expect(seen.received.map((event) => event.unreadNotificationCount)).toEqual([0, 1, 0]);

    // Marking read again changes nothing, so nothing is sent; reading is no new notification.
    await reader.data(MarkRead);
    await settle();
    expect(tab.received).toHaveLength(3);
    expect(added.received).toHaveLength(1);
  });

  it('is refused to anonymous sockets', async () => {
    const refused = connect(null).subscribe(Unread, {});
    expect(JSON.stringify(await refused.failure())).toContain('Sign in to do this.');
    expect(refused.received).toEqual([]);
  });
});

describe('listeners', () => {
  it('releases a subscription’s listener when the client stops it or its socket closes', async () => {
    const topicId = await newTopic('Come and go');
    const channel = `topic:${idOf(topicId)}`;
    const listenersNow = async () => ((await realtimeHealth(api.app)) as { listeners: number }).listeners;
    const before = await listenersNow();
    const leaving = connect(customer);
    const staying = connect(employee);
    const stopped = leaving.subscribe(Activity, { topicId });
    staying.subscribe(Activity, { topicId });
    await listening(api.app, channel, 2);
    // The two subscriptions; the sockets' own watches (on their person's access) are no executions.
    expect(await realtimeHealth(api.app)).toEqual({
      transport: 'in-process',
      status: 'up',
      listeners: before + 2,
    });

    const down = (count: number) =>
      eventually(
        () => api.app.realtime.listeners(channel) === count,
        () => `${api.app.realtime.listeners(channel)} listeners, not ${count}`,
      );
    stopped.stop(); // the client sends `complete`
    await down(1);
    await staying.close(); // the socket goes
    await down(0);
    await leaving.close();
    await eventually(
      async () => (await listenersNow()) === before,
      () => 'listeners left behind',
    );
  });
});

const Presence = graphql(`
  subscription Presence($topicId: ID!) {
    topicPresence(topicId: $topicId) { customers anonymous employees { handle } }
  }
`);

/** Resolves once the latest presence `watching` received is `expected`. */
const presenceBecomes = (watching: { received: { topicPresence: unknown }[] }, expected: unknown) => {
  const latest = () => JSON.stringify(watching.received.at(-1)?.topicPresence);
  return eventually(
    () => latest() === JSON.stringify(expected),
    () => `presence ${latest()}, not ${JSON.stringify(expected)}`,
    { everyMs: 50 },
  );
};

describe('topicPresence', () => {
  it('shows who is viewing now, employees by name and customers counted, as they come and go', async () => {
    const topicId = await newTopic('Who is here');
    const customerSocket = connect(customer);
    const watching = customerSocket.subscribe(Presence, { topicId });
    await watching.waitFor(1);
    const employeeSocket = connect(employee);
    employeeSocket.subscribe(Presence, { topicId });
    connect(null).subscribe(Presence, { topicId });
    await presenceBecomes(watching, { customers: 1, anonymous: 1, employees: [{ handle: 'dana' }] });
    await employeeSocket.close();
    await presenceBecomes(watching, { customers: 1, anonymous: 1, employees: [] });

    // A reader whose connection dies without a goodbye (no complete, no close frame) leaves too.
    const second = await api.actor('customer');
    const vanishing = await rawSubscription(api.app.url, second.token, print(Presence), { topicId });
    await presenceBecomes(watching, { customers: 2, anonymous: 1, employees: [] });
    vanishing.terminate();
    await presenceBecomes(watching, { customers: 1, anonymous: 1, employees: [] });
  });

  it('counts every anonymous reader, and tells each one who is there as it arrives', async () => {
    const topicId = await newTopic('Many readers');
    const first = connect(null).subscribe(Presence, { topicId });
    await presenceBecomes(first, { customers: 0, anonymous: 1, employees: [] });
    // A second anonymous reader is a second reader: both hear it (the newcomer from the others' replies to its arrival).
    const second = connect(null).subscribe(Presence, { topicId });
    await presenceBecomes(second, { customers: 0, anonymous: 2, employees: [] });
    await presenceBecomes(first, { customers: 0, anonymous: 2, employees: [] });
    second.stop();
    await presenceBecomes(first, { customers: 0, anonymous: 1, employees: [] });
  });
});

describe('events and transactions', () => {
  it('publishes nothing when the write rolls back, and publishes after the commit otherwise', async () => {
    const { transact } = await import('@parley/schema/realtime/transact');
    const { createPubSub } = await import('graphql-yoga');
    const pubsub = createPubSub() as never as import('@parley/schema/realtime/events').RealtimePubSub;
    const seen: unknown[] = [];
    void (async () => {
      for await (const event of pubsub.subscribe('user', 1)) seen.push(event);
    })();
    await settle(50);
    const context = { services: { pubsub } } as never;
    const event = { channel: 'user', id: 1, event: { kind: 'NOTIFICATION', notificationId: 7 } } as const;
    await expect(
      transact(context, async (tx, emit) => {
        emit(event);
        await tx.category.create({ data: { slug: 'rolled-back', name: 'Rolled back' } });
        throw new Error('the write fails after emitting');
      }),
    ).rejects.toThrow('the write fails after emitting');
    await settle(50);
    expect(seen).toEqual([]);
    expect(await api.prisma.category.count({ where: { slug: 'rolled-back' } })).toBe(0);

    await transact(context, async (_tx, emit) => {
      emit(event);
      expect(seen).toEqual([]); // not before the commit
    });
    await settle(50);
    expect(seen).toEqual([event.event]);
  });
});

/** A bare graphql-transport-ws client whose socket can be killed without any goodbye. */
async function rawSubscription(
  httpUrl: string,
  token: string | null,
  query: string,
  variables: Record<string, unknown>,
): Promise<WebSocket> {
  const socket = new WebSocket(httpUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ type: 'connection_init', payload: token ? { token } : {} }));
  await new Promise((resolve) => socket.once('message', resolve));
  socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
  return socket;
}

describe('bad input on the socket', () => {
  async function closeCodeAfter(send: (socket: WebSocket) => void): Promise<number> {
    const socket = new WebSocket(api.app.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    send(socket);
    return closed;
  }

  it('closes with 4400 on a malformed message', async () => {
    expect(await closeCodeAfter((socket) => socket.send('{"type": "nonsense"'))).toBe(4400);
  });

  it('closes with 4400 on an unknown message type', async () => {
    expect(await closeCodeAfter((socket) => socket.send(JSON.stringify({ type: 'gimme' })))).toBe(4400);
  });

  it('closes with 4401 when subscribing before connection_init', async () => {
    const subscribe = { id: '1', type: 'subscribe', payload: { query: '{ categories { slug } }' } };
    expect(await closeCodeAfter((socket) => socket.send(JSON.stringify(subscribe)))).toBe(4401);
  });

  it('closes with 1009 on an oversized message', async () => {
    const huge = JSON.stringify({ type: 'connection_init', payload: { padding: 'x'.repeat(100_000) } });
    expect(await closeCodeAfter((socket) => socket.send(huge))).toBe(1009);
  });

  it('answers an invalid subscription with errors, and keeps serving the socket', async () => {
    const client = connect(customer);
    const Broken = graphql(`subscription Broken { topicActivity(topicId: "x") { __typename } }`);
    const broken = client.subscribe(Broken, {});
    expect(JSON.stringify(await broken.failure())).toContain('Invalid global ID: x');
    const topicId = await newTopic('Still serving');
    const fine = client.subscribe(Activity, { topicId });
    await listening(api.app, `topic:${idOf(topicId)}`);
    await reply(employee, topicId, 'Works');
    await fine.waitFor(1);
  });
});

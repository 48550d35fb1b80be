import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type ApiTest, startApiTest } from '../support/api.ts';
import { graphql } from '../support/graphql.ts';
import { listening, liveClient } from '../support/live.ts';

// Replies to a topic gather into one unread notification per follower: a busy topic is one line
// in the inbox ("3 new replies"), counted as its owner may read them now.

const CreateTopic = graphql(`
  mutation GatherTopic($title: String!) {
    createTopic(input: { category: "general", title: $title, body: "It never came." }) {
      __typename ... on MutationCreateTopicSuccess { data { id } }
    }
  }
`);
const Reply = graphql(`
  mutation GatherReply($topicId: ID!, $body: String!, $internal: Boolean) {
    createPost(input: { topicId: $topicId, body: $body, internal: $internal }) {
      __typename ... on MutationCreatePostSuccess { data { id } }
    }
  }
`);
const Follow = graphql(`
  mutation GatherFollow($topicId: ID!) { followTopic(topicId: $topicId) { __typename } }
`);
const HidePost = graphql(`
  mutation GatherHide($postId: ID!) { hidePost(postId: $postId, on: true) { __typename } }
`);
const MarkRead = graphql(`
  mutation GatherRead { markNotificationsRead { __typename } }
`);
const Demote = graphql(`
  mutation GatherDemote($id: ID!) { setUserKind(input: { personId: $id, kind: CUSTOMER }) { __typename } }
`);
const Inbox = graphql(`
  query GatherInbox {
    unreadNotificationCount
    notifications(first: 20) {
      edges { node { kind count createdAt readAt actor { handle } post { id body } topic { title } } }
    }
  }
`);

const Added = graphql(`
  subscription GatherAdded { notificationAdded { unreadCount notification { id count } } }
`);

let api: ApiTest;
let admin: Actor;
let moderator: Actor;

beforeAll(async () => {
  api = await startApiTest();
  await api.prisma.category.create({ data: { slug: 'general', name: 'General' } });
  admin = await api.actor('admin');
  moderator = await api.actor('moderator');
});
afterAll(() => api?.stop());

async function topic(author: Actor, title: string): Promise<string> {
  const created = await author.data(CreateTopic, { title });
  if (created.createTopic.__typename !== 'MutationCreateTopicSuccess') throw new Error('no topic');
  return created.createTopic.data.id;
}

async function reply(author: Actor, topicId: string, body: string, internal = false): Promise<string> {
  const created = await author.data(Reply, { topicId, body, internal });
  if (created.createPost.__typename !== 'MutationCreatePostSuccess') throw new Error('no reply');
  return created.createPost.data.id;
}

const inbox = async (actor: Actor) => {
  const read = await actor.data(Inbox);
  return {
    unread: read.unreadNotificationCount,
    lines: (read.notifications?.edges ?? []).map(({ node }) => ({
      kind: node.kind,
      count: node.count,
      read: node.readAt !== null,
      actor: node.actor?.handle,
      first: node.post?.body,
    })),
  };
};

describe('replies gathered into one notification', () => {
  it('three replies are one unread line that links to the first and names the latest replier', async () => {
    const maria = await api.actor('customer');
    const dana = await api.actor('employee', { handle: 'dana_gather' });
    const ravi = await api.actor('employee', { handle: 'ravi_gather' });
    const id = await topic(maria, 'Where is my invoice?');
    await reply(dana, id, 'Looking into it.');
    await reply(dana, id, 'Found it: it went to your old address.');
    await reply(ravi, id, 'Resent it just now.');

    expect(await inbox(maria)).toEqual({
      unread: 1,
      lines: [{ kind: 'REPLY', count: 3, read: false, actor: 'ravi_gather', first: 'Looking into it.' }],
    });

    // Once read, the next reply starts a line of its own.
    await maria.data(MarkRead);
    await reply(dana, id, 'Did it arrive?');
    expect(await inbox(maria)).toEqual({
      unread: 1,
      lines: [
        { kind: 'REPLY', count: 1, read: false, actor: 'dana_gather', first: 'Did it arrive?' },
        { kind: 'REPLY', count: 3, read: true, actor: 'ravi_gather', first: 'Looking into it.' },
      ],
    });
  });

  it('live: a gathered reply sends the same notification again with its new count', async () => {
    const maria = await api.actor('customer');
    const dana = await api.actor('employee');
    const id = await topic(maria, 'Export to CSV fails');
    const live = liveClient(api.app.url, maria.token);
    try {
      const added = live.subscribe(Added, {});
      await listening(api.app, `user:${maria.id}`);
      await reply(dana, id, 'Which browser?');
      await reply(dana, id, 'Fixed in today’s release.');
      const events = (await added.waitFor(2)).map((event) => event.notificationAdded);
      expect(events.map((event) => [event.unreadCount, event.notification.count])).toEqual([
        [1, 1],
        [1, 2],
      ]);
      expect(events[1]?.notification.id).toBe(events[0]?.notification.id);
    } finally {
      await live.close();
    }
  });

  it('a mention is a line of its own, never gathered into the replies', async () => {
    const maria = await api.actor('customer', { handle: 'maria_gather' });
    const dana = await api.actor('employee');
    const id = await topic(maria, 'Card declined abroad');
    await reply(dana, id, 'Which country were you in?');
    await reply(dana, id, '@maria_gather could you check the app for a travel notice?');
    await reply(dana, id, 'It may also be the merchant.');
    const lines = (await inbox(maria)).lines;
    expect(lines.map((line) => [line.kind, line.count])).toEqual([
      ['REPLY', 2],
      ['MENTION', 1],
    ]);
  });

  it('counts only what the owner may read now: a reply hidden since leaves the customer’s count, not a moderator’s', async () => {
    const maria = await api.actor('customer');
    const tom = await api.actor('customer');
    const id = await topic(maria, 'Statement missing');
    await moderator.data(Follow, { topicId: id });
    await reply(tom, id, 'Same here.');
    const spam = await reply(tom, id, 'Buy followers now.');
    await reply(tom, id, 'Mine came today.');
    expect((await moderator.data(HidePost, { postId: spam })).hidePost.__typename).toBe(
      'MutationHidePostSuccess',
    );

    expect((await inbox(maria)).lines).toEqual([
      { kind: 'REPLY', count: 2, read: false, actor: tom.handle, first: 'Same here.' },
    ]);
    const moderatorLine = (await inbox(moderator)).lines.find((line) => line.first === 'Same here.');
    expect(moderatorLine?.count).toBe(3);
  });

  it('a hidden latest reply no longer names its writer, nor dates the line: the reply before it does, never the owner’s own', async () => {
    const maria = await api.actor('customer');
    const tom = await api.actor('customer');
    const spammer = await api.actor('customer');
    const id = await topic(maria, 'Payroll export empty');
    await reply(tom, id, 'Same here since Monday.');
    await reply(maria, id, 'Thanks, good to know.');
    const spam = await reply(spammer, id, 'Cheap followers at example.com');
    const line = async (owner: Actor) => (await inbox(owner)).lines[0];
    expect(await line(maria)).toMatchObject({ count: 2, actor: spammer.handle });
    expect(await line(tom)).toMatchObject({ count: 2, actor: spammer.handle });

    await moderator.data(HidePost, { postId: spam });
    expect(await line(maria)).toEqual({
      kind: 'REPLY',
      count: 1,
      read: false,
      actor: tom.handle,
      first: 'Same here since Monday.',
    });
    expect(await line(tom)).toMatchObject({ count: 1, actor: maria.handle, first: 'Thanks, good to know.' });
    const [mariaLine] = (await maria.data(Inbox)).notifications?.edges ?? [];
    const tomReply = await api.prisma.post.findFirstOrThrow({ where: { body: 'Same here since Monday.' } });
    expect(mariaLine?.node.createdAt).toBe(tomReply.createdAt.toISOString());
  });

  it('a reply after its line’s first reply was hidden starts a new line rather than vanish with it', async () => {
    const maria = await api.actor('customer');
    const tom = await api.actor('customer');
    const id = await topic(maria, 'Login loop');
    const spam = await reply(tom, id, 'Spam first.');
    await moderator.data(HidePost, { postId: spam });
    await reply(tom, id, 'A real answer.');
    expect((await inbox(maria)).lines).toEqual([
      { kind: 'REPLY', count: 1, read: false, actor: tom.handle, first: 'A real answer.' },
    ]);
  });

  it('internal notes gather apart from public replies, and leave with the right to read them', async () => {
    const maria = await api.actor('customer');
    const dana = await api.actor('employee');
    const sam = await api.actor('employee');
    const id = await topic(maria, 'Refund pending');
    await sam.data(Follow, { topicId: id });
    await reply(dana, id, 'Internal: refund is stuck in approvals.', true);
    await reply(dana, id, 'We are on it.');
    await reply(dana, id, 'Internal: approved by finance.', true);
    await reply(dana, id, 'Refund sent.');

    const samLines = (await inbox(sam)).lines;
    expect(samLines.map((line) => [line.count, line.first])).toEqual([
      [2, 'We are on it.'],
      [2, 'Internal: refund is stuck in approvals.'],
    ]);
    expect((await inbox(maria)).lines.map((line) => [line.count, line.first])).toEqual([
      [2, 'We are on it.'],
    ]);

    const personId = Buffer.from(`Person:${sam.id}`).toString('base64');
    expect((await admin.data(Demote, { id: personId })).setUserKind.__typename).toBe(
      'MutationSetUserKindSuccess',
    );
    expect(await inbox(sam)).toEqual({
      unread: 1,
      lines: [{ kind: 'REPLY', count: 2, read: false, actor: dana.handle, first: 'We are on it.' }],
    });
  });
});

import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type ApiTest, startApiTest } from '../support/api.ts';
import { graphql } from '../support/graphql.ts';

// Rules of the write path found by probing the live server: odd text, odd ids, repeated and
// crossing actions, and what each leaves behind. Every refusal changes nothing.
let api: ApiTest;
let maria: Actor;
let tom: Actor;
let dana: Actor;
let moderator: Actor;

beforeAll(async () => {
  api = await startApiTest();
  await api.prisma.category.create({ data: { slug: 'banking', name: 'Banking' } });
  maria = await api.actor('customer', { handle: 'maria' });
  tom = await api.actor('customer', { handle: 'tom' });
  dana = await api.actor('employee', { handle: 'dana' });
  moderator = await api.actor('customer-moderator', { handle: 'moe' });
});
afterAll(() => api?.stop());

const CreateTopic = graphql(`
  mutation RulesCreateTopic($title: String!, $body: String!, $kind: TopicKind) {
    createTopic(input: { category: "banking", title: $title, body: $body, kind: $kind, tags: [] }) {
      __typename
      ... on MutationCreateTopicSuccess { data { id title } }
      ... on ValidationError { problems { field message } }
    }
  }
`);
const Reply = graphql(`
  mutation RulesReply($topicId: ID!, $body: String!, $internal: Boolean, $replyTo: ID) {
    createPost(input: { topicId: $topicId, body: $body, internal: $internal, replyTo: $replyTo }) {
      __typename
      ... on MutationCreatePostSuccess { data { id } }
      ... on ValidationError { problems { field message } }
      ... on NotFoundError { resource ref }
      ... on Error { message }
    }
  }
`);
const ReplyLiteral = graphql(`
  mutation RulesReplyLiteral($topicId: ID!) {
    createPost(input: { topicId: $topicId, body: "zero\\u0000byte" }) { __typename }
  }
`);
const Accept = graphql(`
  mutation RulesAccept($postId: ID!) {
    acceptAnswer(postId: $postId) {
      __typename
      ... on MutationAcceptAnswerSuccess { data { status } }
      ... on NotFoundError { resource }
      ... on Error { message }
    }
  }
`);
const Close = graphql(`
  mutation RulesClose($topicId: ID!, $on: Boolean!) {
    closeTopic(topicId: $topicId, on: $on) { __typename ... on MutationCloseTopicSuccess { data { status } } }
  }
`);
const HideTopic = graphql(`
  mutation RulesHideTopic($topicId: ID!) { hideTopic(topicId: $topicId, on: true) { __typename } }
`);
const HidePost = graphql(`
  mutation RulesHidePost($postId: ID!, $on: Boolean!) { hidePost(postId: $postId, on: $on) { __typename } }
`);
const DeletePost = graphql(`
  mutation RulesDeletePost($postId: ID!) {
    deletePost(postId: $postId) { __typename ... on MutationDeletePostSuccess { data { status } } }
  }
`);
const Fixed = graphql(`
  mutation RulesFixed($topicId: ID!) { markProblemFixed(topicId: $topicId) { __typename } }
`);
const Merge = graphql(`
  mutation RulesMerge($topicId: ID!, $intoTopicId: ID!) {
    mergeTopic(input: { topicId: $topicId, intoTopicId: $intoTopicId }) {
      __typename
      ... on ConflictError { field message }
    }
  }
`);
const Vote = graphql(`
  mutation RulesVote($topicId: ID!) {
    vote(topicId: $topicId) { __typename ... on Error { message } }
  }
`);
const Unvote = graphql(`
  mutation RulesUnvote($topicId: ID!) { unvote(topicId: $topicId) { __typename } }
`);
const Follow = graphql(`
  mutation RulesFollow($topicId: ID!) { followTopic(topicId: $topicId) { __typename } }
`);
const EditTopic = graphql(`
  mutation RulesEditTopic($topicId: ID!, $title: String, $body: String) {
    editTopic(input: { topicId: $topicId, title: $title, body: $body }) {
      __typename
      ... on MutationEditTopicSuccess { data { editedAt revisions { title } } }
      ... on Error { message }
    }
  }
`);
const Node = graphql(`
  query RulesNode($id: ID!) { node(id: $id) { id } }
`);
const Topic = graphql(`
  query RulesTopic($id: ID!) {
    topic(id: $id) {
      status replyCount awaitingEmployee firstEmployeeResponseAt editedAt
      firstEmployeeResponder { handle }
      mergedInto { title body posts(first: 5) { totalCount } }
    }
  }
`);
const Unread = graphql(`
  query RulesUnread { notifications(first: 20) { edges { node { kind } } } }
`);
const Note = graphql(`
  mutation RulesNote($personId: ID!) {
    addCustomerNote(input: { personId: $personId, body: "Prefers email." }) {
      __typename
      ... on ValidationError { problems { field message } }
    }
  }
`);
const Activity = graphql(`
  query RulesActivity($id: ID!) { topic(id: $id) { lastActivityAt } }
`);
const Timeline = graphql(`
  query RulesTimeline($handle: String!) {
    person(handle: $handle) { timeline { kind post { body } } }
  }
`);

async function topic(author: Actor, title: string, kind?: 'PROBLEM' | 'QUESTION'): Promise<string> {
  const created = await author.data(CreateTopic, { title, body: 'Details.', kind: kind ?? null });
  if (created.createTopic.__typename !== 'MutationCreateTopicSuccess') throw new Error('no topic');
  return created.createTopic.data.id;
}

async function reply(author: Actor, topicId: string, body: string, internal = false): Promise<string> {
  const created = await author.data(Reply, { topicId, body, internal, replyTo: null });
  if (created.createPost.__typename !== 'MutationCreatePostSuccess') throw new Error('no reply');
  return created.createPost.data.id;
}

const read = async (actor: Actor, id: string) => (await actor.data(Topic, { id })).topic;
const topicCount = () => api.prisma.topic.count();

describe('text', () => {
  it('a NUL character anywhere, variable or literal, is refused by name before anything is written', async () => {
    const before = await topicCount();
    const inVariable = await maria.request(CreateTopic, { title: 'Hello\u0000world', body: 'x', kind: null });
    expect(inVariable.data ?? null).toBeNull();
    expect(inVariable.errors?.[0]?.message).toBe(
      '$title contains the NUL character (U+0000), which text may not hold.',
    );
    expect(inVariable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const id = await topic(maria, 'A topic for literal text');
    const inLiteral = await maria.request(ReplyLiteral, { topicId: id });
    expect(inLiteral.errors?.[0]?.message).toContain('argument input contains the NUL character');
    expect(await topicCount()).toBe(before + 1);
    expect(
      await api.prisma.post.count({
        where: { topicId: Number(Buffer.from(id, 'base64').toString().split(':')[1]) },
      }),
    ).toBe(0);
  });

  it('lengths count characters as a reader does: an emoji is one; text that shows nothing is empty', async () => {
    const emoji = '😀';
    const long = await maria.data(CreateTopic, { title: emoji.repeat(200), body: 'x', kind: null });
    expect(long.createTopic.__typename).toBe('MutationCreateTopicSuccess');
    const short = await maria.data(CreateTopic, { title: emoji.repeat(2), body: 'x', kind: null });
    expect(short.createTopic).toEqual({
      __typename: 'ValidationError',
      problems: [{ field: 'input.title', message: 'must be at least 3 characters' }],
    });
    const invisible = await maria.data(CreateTopic, {
      title: '\u200b\u200b\u200b\u200b',
      body: '\u200b\u2060\ufeff',
      kind: null,
    });
    expect(invisible.createTopic).toEqual({
      __typename: 'ValidationError',
      problems: [
        { field: 'input.title', message: 'must be at least 3 characters' },
        { field: 'input.body', message: 'must not be empty' },
      ],
    });
  });
});

describe('ids', () => {
  it('a malformed id, an id of another type, or one that is no row id is a NotFoundError result', async () => {
    const topicId = await topic(maria, 'Where ids go wrong');
    const personId = encodeGlobalID('Person', '1');
    for (const bad of [
      'zzz',
      '',
      personId,
      encodeGlobalID('Topic', 'abc'),
      encodeGlobalID('Topic', '99999999999'),
    ]) {
      const answer = await maria.data(Reply, { topicId: bad, body: 'Hello', internal: false, replyTo: null });
      expect(answer.createPost, bad).toMatchObject({ __typename: 'NotFoundError', ref: bad });
    }
    const parent = await maria.data(Reply, {
      topicId,
      body: 'Hello',
      internal: false,
      replyTo: encodeGlobalID('Post', 'abc'),
    });
    expect(parent.createPost.__typename).toBe('NotFoundError');
    const accepted = await maria.data(Accept, { postId: encodeGlobalID('Post', '1e300') });
    expect(accepted.acceptAnswer.__typename).toBe('NotFoundError');
    expect(await api.prisma.post.count()).toBe(0);
    // A read of such an id is a GraphQL error, as the docs say.
    const read = await maria.request(Node, { id: encodeGlobalID('Topic', 'abc') });
    expect(read.errors?.[0]?.message).toContain('Invalid global ID');
  });
});

describe('answers and status', () => {
  it('accepting the accepted answer again is a no-op: nobody is told twice', async () => {
    const id = await topic(maria, 'Accept me once');
    const answer = await reply(dana, id, 'Here is how.');
    await maria.data(Unread);
    for (let round = 0; round < 3; round++)
      expect((await maria.data(Accept, { postId: answer })).acceptAnswer).toEqual({
        __typename: 'MutationAcceptAnswerSuccess',
        data: { status: 'ANSWERED' },
      });
    const told = ((await dana.data(Unread)).notifications?.edges ?? []).filter(
      (edge) => edge.node.kind === 'ANSWER_ACCEPTED',
    );
    expect(told).toHaveLength(1);
  });

  it('removing the accepted answer reopens an answered topic but leaves a closed one closed', async () => {
    const answered = await topic(maria, 'Answered, then the answer goes');
    const first = await reply(tom, answered, 'Try this.');
    await maria.data(Accept, { postId: first });
    expect((await tom.data(DeletePost, { postId: first })).deletePost).toEqual({
      __typename: 'MutationDeletePostSuccess',
      data: { status: 'OPEN' },
    });

    const closed = await topic(maria, 'Closed, then the answer is hidden');
    const second = await reply(tom, closed, 'Try that.');
    await maria.data(Accept, { postId: second });
    await moderator.data(Close, { topicId: closed, on: true });
    await moderator.data(HidePost, { postId: second, on: true });
    expect((await read(maria, closed))?.status).toBe('CLOSED');
  });

  it('reopening a problem marked fixed brings it back answered, not open', async () => {
    const id = await topic(maria, 'Sync fails every night', 'PROBLEM');
    await dana.data(Fixed, { topicId: id });
    await moderator.data(Close, { topicId: id, on: true });
    expect((await moderator.data(Close, { topicId: id, on: false })).closeTopic).toEqual({
      __typename: 'MutationCloseTopicSuccess',
      data: { status: 'ANSWERED' },
    });
  });

  it('a hidden or deleted employee reply is no longer the first response: the topic waits again, until it is shown', async () => {
    const id = await topic(maria, 'Only the removed reply answered');
    const only = await reply(dana, id, 'Answer that will be hidden.');
    expect((await read(maria, id))?.awaitingEmployee).toBe(false);
    await moderator.data(HidePost, { postId: only, on: true });
    expect(await read(maria, id)).toMatchObject({
      awaitingEmployee: true,
      firstEmployeeResponseAt: null,
      firstEmployeeResponder: null,
    });
    await moderator.data(HidePost, { postId: only, on: false });
    expect(await read(maria, id)).toMatchObject({
      awaitingEmployee: false,
      firstEmployeeResponder: { handle: 'dana' },
    });

    const second = await reply(dana, id, 'A later answer.');
    await dana.data(DeletePost, { postId: only });
    const after = await read(maria, id);
    const later = await api.prisma.post.findUniqueOrThrow({
      where: { id: Number(Buffer.from(second, 'base64').toString().split(':')[1]) },
    });
    expect(after).toMatchObject({ awaitingEmployee: false, firstEmployeeResponder: { handle: 'dana' } });
    expect(after?.firstEmployeeResponseAt).toBe(later.createdAt.toISOString());
  });

  it('a public reply cannot answer an internal note; an internal note may', async () => {
    const id = await topic(maria, 'Replying to notes');
    const note = await reply(dana, id, 'Internal: check the logs.', true);
    const publicReply = await dana.data(Reply, {
      topicId: id,
      body: 'Public.',
      internal: false,
      replyTo: note,
    });
    expect(publicReply.createPost).toMatchObject({
      __typename: 'ValidationError',
      problems: [{ field: 'input.replyTo', message: 'is not a public post in this topic' }],
    });
    const noteReply = await dana.data(Reply, {
      topicId: id,
      body: 'Logs clean.',
      internal: true,
      replyTo: note,
    });
    expect(noteReply.createPost.__typename).toBe('MutationCreatePostSuccess');
  });

  it('an answer accepted inside a hidden topic tells its customer author nothing', async () => {
    const id = await topic(tom, 'Spammy topic with a reply');
    const answer = await reply(maria, id, 'An answer in a topic soon hidden.');
    await moderator.data(HideTopic, { topicId: id });
    const before = (await maria.data(Unread)).notifications?.edges.length;
    expect((await dana.data(Accept, { postId: answer })).acceptAnswer.__typename).toBe(
      'MutationAcceptAnswerSuccess',
    );
    expect((await maria.data(Unread)).notifications?.edges.length).toBe(before);
  });
});

const CreateToken = graphql(`
  mutation RulesToken($scopes: [ApiTokenScope!]!) {
    createApiToken(input: { name: "script", scopes: $scopes }) {
      __typename
      ... on MutationCreateApiTokenSuccess { data { secret } }
    }
  }
`);

describe('tokens', () => {
  it('an employee token without READ_INTERNAL writes no internal note (it could not read it back)', async () => {
    const id = await topic(maria, 'Token notes');
    const tokenWith = async (scopes: ('READ' | 'WRITE' | 'READ_INTERNAL')[]) => {
      const created = await dana.data(CreateToken, { scopes });
      if (created.createApiToken.__typename !== 'MutationCreateApiTokenSuccess') throw new Error('no token');
      return api.withToken(created.createApiToken.data.secret);
    };
    const plain = await tokenWith(['READ', 'WRITE']);
    const note = { topicId: id, body: 'Internal from a script.', internal: true, replyTo: null };
    expect((await plain.data(Reply, note)).createPost).toEqual({
      __typename: 'ForbiddenError',
      message: 'Internal notes need a session or a token with the READ_INTERNAL scope.',
    });
    const trusted = await tokenWith(['READ', 'WRITE', 'READ_INTERNAL']);
    expect((await trusted.data(Reply, note)).createPost.__typename).toBe('MutationCreatePostSuccess');
    expect(await api.prisma.post.count({ where: { body: 'Internal from a script.' } })).toBe(1);
  });
});

describe('edits', () => {
  it('saving a topic unchanged is no edit: no revision, no edited mark', async () => {
    const id = await topic(maria, 'Unchanged title');
    const same = await maria.data(EditTopic, { topicId: id, title: 'Unchanged title', body: 'Details.' });
    expect(same.editTopic).toEqual({
      __typename: 'MutationEditTopicSuccess',
      data: { editedAt: null, revisions: [] },
    });
    const changed = await maria.data(EditTopic, { topicId: id, title: 'Changed title', body: null });
    expect(changed.editTopic).toMatchObject({ data: { revisions: [{ title: 'Unchanged title' }] } });
  });
});

describe('merges', () => {
  it('a hidden topic cannot be merged into a public one, nor a public one into a hidden one', async () => {
    const hidden = await topic(tom, 'Hidden duplicate');
    await reply(tom, hidden, 'A reply nobody may read.');
    await moderator.data(HideTopic, { topicId: hidden });
    const open = await topic(maria, 'Public original');
    expect((await dana.data(Merge, { topicId: hidden, intoTopicId: open })).mergeTopic).toMatchObject({
      __typename: 'ConflictError',
      field: 'input.topicId',
    });
    expect((await dana.data(Merge, { topicId: open, intoTopicId: hidden })).mergeTopic).toMatchObject({
      __typename: 'ConflictError',
      field: 'input.intoTopicId',
    });
    expect((await read(maria, open))?.replyCount).toBe(0);
  });

  it('a merged-away topic points only to a topic the reader can see, and takes no replies, votes, follows or edits', async () => {
    const duplicate = await topic(tom, 'Duplicate question');
    const original = await topic(maria, 'Original question');
    await dana.data(Merge, { topicId: duplicate, intoTopicId: original });
    await tom.data(Vote, { topicId: original });

    const refused = 'This topic was merged into topic';
    const replied = await tom.data(Reply, {
      topicId: duplicate,
      body: 'Still here?',
      internal: false,
      replyTo: null,
    });
    expect(replied.createPost).toMatchObject({
      __typename: 'ForbiddenError',
      message: expect.stringContaining(refused),
    });
    expect((await maria.data(Vote, { topicId: duplicate })).vote).toMatchObject({
      __typename: 'ForbiddenError',
    });
    expect((await maria.data(Follow, { topicId: duplicate })).followTopic.__typename).toBe('ForbiddenError');
    expect(
      (await tom.data(EditTopic, { topicId: duplicate, title: 'New title', body: null })).editTopic,
    ).toMatchObject({
      __typename: 'ForbiddenError',
    });
    expect((await tom.data(Unvote, { topicId: duplicate })).unvote.__typename).toBe('MutationUnvoteSuccess');

    expect((await read(maria, duplicate))?.mergedInto?.title).toBe('Original question');
    await moderator.data(HideTopic, { topicId: original });
    for (const reader of [maria, api.anonymous])
      expect((await read(reader, duplicate))?.mergedInto ?? null).toBeNull();
    expect((await read(dana, duplicate))?.mergedInto?.title).toBe('Original question');
  });
});

describe('last activity', () => {
  it('a hidden or deleted reply stops being the topic’s latest activity, and is again once shown', async () => {
    const id = await topic(maria, 'When was this last active');
    const activity = async () => (await tom.data(Activity, { id })).topic?.lastActivityAt;
    const createdAt = async (postId: string) =>
      (
        await api.prisma.post.findUniqueOrThrow({
          where: { id: Number(decodeGlobalID(postId).id) },
        })
      ).createdAt.toISOString();
    const started = await activity();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const earlier = await reply(tom, id, 'An earlier reply.');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const spam = await reply(tom, id, 'Buy followers now.');
    expect(await activity()).toBe(await createdAt(spam));

    // An internal note is no activity a reader can see.
    await reply(dana, id, 'Internal: spam again.', true);
    expect(await activity()).toBe(await createdAt(spam));
    expect((await moderator.data(HidePost, { postId: spam, on: true })).hidePost.__typename).toBe(
      'MutationHidePostSuccess',
    );
    expect(await activity()).toBe(await createdAt(earlier));
    await moderator.data(HidePost, { postId: spam, on: false });
    expect(await activity()).toBe(await createdAt(spam));
    await tom.data(DeletePost, { postId: spam });
    expect(await activity()).toBe(await createdAt(earlier));
    await tom.data(DeletePost, { postId: earlier });
    expect(await activity()).toBe(started);
  });
});

describe('notes and timelines', () => {
  it('notes are kept about customers only', async () => {
    const people = await api.prisma.user.findMany({ where: { handle: { in: ['dana', 'maria'] } } });
    const idOf = (handle: string) =>
      encodeGlobalID('Person', String(people.find((p) => p.handle === handle)?.id));
    expect((await dana.data(Note, { personId: idOf('dana') })).addCustomerNote).toEqual({
      __typename: 'ValidationError',
      problems: [{ field: 'input.personId', message: 'is not a customer' }],
    });
    expect((await dana.data(Note, { personId: idOf('maria') })).addCustomerNote.__typename).toBe(
      'MutationAddCustomerNoteSuccess',
    );
  });

  it("a customer's timeline leaves out replies and notes since deleted", async () => {
    const id = await topic(tom, 'Timeline topic');
    const deleted = await reply(tom, id, 'My account number is 1234, oops.');
    const note = await reply(dana, id, 'Internal: removed soon.', true);
    await tom.data(DeletePost, { postId: deleted });
    await dana.data(DeletePost, { postId: note });
    const timeline = (await dana.data(Timeline, { handle: 'tom' })).person?.timeline ?? [];
    const bodies = timeline.map((entry) => entry.post?.body).filter(Boolean);
    expect(bodies).not.toContain('My account number is 1234, oops.');
    expect(bodies).not.toContain('Internal: removed soon.');
    expect(timeline.some((entry) => entry.kind === 'TOPIC_STARTED')).toBe(true);
  });
});

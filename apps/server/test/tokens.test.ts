import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloseEvent } from 'ws';
import { type Actor, type ApiTest, startApiTest } from './support/api.ts';
import { graphql } from './support/graphql.ts';
import { liveClient, settle } from './support/live.ts';

const CreateToken = graphql(`
  mutation CreateToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      __typename
      ... on MutationCreateApiTokenSuccess { data { secret token { id name prefix scopes active } } }
      ... on ValidationError { problems { field message } }
      ... on Error { message }
    }
  }
`);
const Revoke = graphql(`
  mutation Revoke($id: ID!) {
    revokeApiToken(tokenId: $id) {
      __typename
      ... on MutationRevokeApiTokenSuccess { data { id active revokedAt } }
      ... on Error { message }
    }
  }
`);
const MyTokens = graphql(
  `query MyTokens { viewer { apiTokens { id name prefix scopes lastUsedAt active } } }`,
);
const CreateTopic = graphql(`
  mutation TokenTopic($input: CreateTopicInput!) {
    createTopic(input: $input) {
      __typename
      ... on MutationCreateTopicSuccess { data { id } }
      ... on Error { message }
    }
  }
`);
const Reply = graphql(`
  mutation TokenReply($input: CreatePostInput!) {
    createPost(input: $input) {
      __typename
      ... on MutationCreatePostSuccess { data { id } }
      ... on Error { message }
    }
  }
`);
const Hide = graphql(`
  mutation TokenHide($id: ID!) { hideTopic(topicId: $id, on: true) { __typename } }
`);
const Thread = graphql(`
  query TokenThread($id: ID!) {
    topic(id: $id) { internalNoteCount posts(first: 20) { edges { node { body internal } } } }
  }
`);
const Timeline = graphql(`
  query TokenTimeline($handle: String!) { person(handle: $handle) { conversations(first: 10) { edges { node { startedByThem } } } } }
`);
const Notes = graphql(`
  query TokenNotifications { unreadNotificationCount notifications(first: 50) { edges { node { kind post { body } } } } }
`);
const Activity = graphql(`
  subscription TokenActivity($id: ID!) {
    topicActivity(topicId: $id) { __typename ... on PostAdded { post { body internal } } }
  }
`);

let api: ApiTest;
let customer: Actor;
let employee: Actor;
let topicId: string;

async function token(owner: Actor, scopes: ('READ' | 'WRITE' | 'READ_INTERNAL')[], name = 'script') {
  const result = await owner.data(CreateToken, { input: { name, scopes } });
  if (result.createApiToken.__typename !== 'MutationCreateApiTokenSuccess')
    throw new Error(JSON.stringify(result));
  return result.createApiToken.data;
}

/** Writes until the subscription has delivered something: it is live, however slow the machine. */
async function untilDelivered(feed: { received: unknown[] }, write: () => Promise<unknown>) {
  for (let attempt = 0; attempt < 50 && feed.received.length === 0; attempt++) {
    await write();
    await settle(100);
  }
  expect(feed.received.length).toBeGreaterThan(0);
}

async function post(query: string, bearer: string | null) {
  return fetch(api.app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify({ query }),
  });
}

beforeAll(async () => {
  api = await startApiTest();
  await api.prisma.category.create({ data: { slug: 'banking', name: 'Banking' } });
  customer = await api.actor('customer', { handle: 'cora' });
  employee = await api.actor('employee', { handle: 'emil' });
  const created = await customer.data(CreateTopic, {
    input: { category: 'banking', title: 'Feed stopped syncing', body: 'Since Monday.', kind: 'PROBLEM' },
  });
  if (created.createTopic.__typename !== 'MutationCreateTopicSuccess') throw new Error('no topic');
  topicId = created.createTopic.data.id;
  await employee.data(Reply, { input: { topicId, body: 'Customer is on the legacy plan.', internal: true } });
  await employee.data(Reply, { input: { topicId, body: 'Reconnect under Bank → Manage.' } });
});
afterAll(() => api?.stop());

describe('creating tokens', () => {
  it('shows the secret once and stores only its hash', async () => {
    const created = await token(customer, ['READ'], 'crm');
    expect(created.secret).toMatch(/^pat_[\w-]{40,}$/);
    expect(created.token).toMatchObject({ name: 'crm', scopes: ['READ'], active: true });
    expect(created.secret.startsWith(created.token.prefix)).toBe(true);
    const stored = await api.prisma.apiToken.findFirstOrThrow({ where: { name: 'crm' } });
    expect(stored.tokenHash).toBe(createHash('sha256').update(created.secret).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(created.secret);
    const listed = await customer.data(MyTokens);
    expect(listed.viewer?.apiTokens.map((t) => t.name)).toContain('crm');
    expect(JSON.stringify(listed)).not.toContain(created.secret);
  });

  it('always includes READ, and records when a token was last used', async () => {
    const created = await token(customer, ['WRITE'], 'writer');
    expect(created.token.scopes).toEqual(['READ', 'WRITE']);
    await api.withToken(created.secret).data(MyTokens);
    const stored = await api.prisma.apiToken.findFirstOrThrow({ where: { name: 'writer' } });
    expect(stored.lastUsedAt).not.toBeNull();
  });

  it('gives READ_INTERNAL to employees only', async () => {
    const refused = await customer.data(CreateToken, { input: { name: 'peek', scopes: ['READ_INTERNAL'] } });
    expect(refused.createApiToken).toMatchObject({
      __typename: 'ForbiddenError',
      message: 'Only employees can give a token the READ_INTERNAL scope.',
    });
    expect((await token(employee, ['READ_INTERNAL'])).token.scopes).toEqual(['READ', 'READ_INTERNAL']);
  });

  it('refuses to create tokens with a token, and a past expiry', async () => {
    const writer = api.withToken((await token(customer, ['READ', 'WRITE'])).secret);
    const result = await writer.data(CreateToken, { input: { name: 'child', scopes: ['READ'] } });
    expect(result.createApiToken).toMatchObject({ __typename: 'ForbiddenError' });
    const past = await customer.data(CreateToken, {
      input: { name: 'old', scopes: ['READ'], expiresAt: new Date(Date.now() - 1000).toISOString() },
    });
    expect(past.createApiToken).toMatchObject({ __typename: 'ValidationError' });
  });
});

describe('scopes', () => {
  it('a READ token reads but cannot write', async () => {
    const reader = await token(customer, ['READ']);
    const response = await post(
      `mutation { createPost(input: { topicId: "${topicId}", body: "sneaky" }) { __typename } }`,
      reader.secret,
    );
    expect(response.status).toBe(403);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]).toMatchObject({
      message: 'This API token may only read: mutations need a token with the WRITE scope.',
      extensions: { code: 'FORBIDDEN' },
    });
    expect(await api.prisma.post.count({ where: { body: 'sneaky' } })).toBe(0);
    const read = await api.withToken(reader.secret).data(Thread, { id: topicId });
    expect(read.topic?.posts.edges).toHaveLength(1);
  });

  it('a WRITE token acts as its owner', async () => {
    const writer = api.withToken((await token(customer, ['WRITE'])).secret);
    const result = await writer.data(Reply, { input: { topicId, body: 'Thanks, that worked.' } });
    expect(result.createPost.__typename).toBe('MutationCreatePostSuccess');
    await expect(
      api.prisma.post.findFirstOrThrow({ where: { body: 'Thanks, that worked.' } }),
    ).resolves.toMatchObject({
      authorId: customer.id,
    });
  });

  it('a customer token never sees internal notes', async () => {
    const reader = api.withToken((await token(customer, ['READ', 'WRITE'])).secret);
    const read = await reader.data(Thread, { id: topicId });
    expect(read.topic?.internalNoteCount).toBeNull();
    expect(read.topic?.posts.edges.every((edge) => !edge.node.internal)).toBe(true);
  });

  it('an employee token reads internal notes and timelines only with READ_INTERNAL', async () => {
    const plain = api.withToken((await token(employee, ['READ', 'WRITE'])).secret);
    const internal = api.withToken((await token(employee, ['READ_INTERNAL'])).secret);
    const plainRead = await plain.data(Thread, { id: topicId });
    expect(plainRead.topic?.internalNoteCount).toBeNull();
    expect(plainRead.topic?.posts.edges.map((edge) => edge.node.internal)).not.toContain(true);
    expect((await plain.data(Timeline, { handle: 'cora' })).person?.conversations).toBeNull();

    const internalRead = await internal.data(Thread, { id: topicId });
    expect(internalRead.topic?.internalNoteCount).toBe(1);
    expect(internalRead.topic?.posts.edges.map((edge) => edge.node.body)).toContain(
      'Customer is on the legacy plan.',
    );
    expect((await internal.data(Timeline, { handle: 'cora' })).person?.conversations).not.toBeNull();
  });

  it('an employee token without READ_INTERNAL is not told about internal notes in notifications', async () => {
    const colleague = await api.actor('employee');
    const before = await employee.data(Notes);
    await colleague.data(Reply, { input: { topicId, body: 'internal: ping @emil', internal: true } });
    const session = await employee.data(Notes);
    expect(session.unreadNotificationCount).toBeGreaterThan(before.unreadNotificationCount);
    const plain = await api.withToken((await token(employee, ['READ'])).secret).data(Notes);
    expect(plain.unreadNotificationCount).toBe(before.unreadNotificationCount);
    expect(plain.notifications?.edges).toHaveLength(before.notifications?.edges.length ?? 0);
    const internal = await api.withToken((await token(employee, ['READ_INTERNAL'])).secret).data(Notes);
    expect(internal.unreadNotificationCount).toBe(session.unreadNotificationCount);

    // Nor through the count marking read leaves, nor the live count.
    const writer = await token(employee, ['READ', 'WRITE']);
    const MarkNone = graphql(`
      mutation TokenMarkNone { markNotificationsRead(ids: []) { ... on MutationMarkNotificationsReadSuccess { data } } }
    `);
    expect((await api.withToken(writer.secret).data(MarkNone)).markNotificationsRead).toEqual({
      data: before.unreadNotificationCount,
    });
    const Unread = graphql(`subscription TokenUnread { unreadNotificationCount }`);
    const live = liveClient(api.app.url, writer.secret);
    try {
      const [first] = await live.subscribe(Unread, {}).waitFor(1);
      expect(first?.unreadNotificationCount).toBe(before.unreadNotificationCount);
    } finally {
      await live.close();
    }
  });

  it('an employee token without READ_INTERNAL does not see hidden topics, even if its owner moderates', async () => {
    const moderator = await api.actor('moderator');
    const created = await customer.data(CreateTopic, {
      input: { category: 'banking', title: 'Spam spam spam', body: 'Buy now.', kind: 'DISCUSSION' },
    });
    if (created.createTopic.__typename !== 'MutationCreateTopicSuccess') throw new Error('no topic');
    const hidden = created.createTopic.data.id;
    await moderator.data(Hide, { id: hidden });
    const plain = api.withToken((await token(moderator, ['READ', 'WRITE'])).secret);
    expect((await plain.data(Thread, { id: hidden })).topic).toBeNull();
    const internal = api.withToken((await token(moderator, ['READ_INTERNAL'])).secret);
    expect((await internal.data(Thread, { id: hidden })).topic).not.toBeNull();
  });

  it('a READ_INTERNAL token stops reading internal notes when its owner is no longer an employee', async () => {
    const former = await api.actor('employee');
    const internal = api.withToken((await token(former, ['READ_INTERNAL'])).secret);
    await api.prisma.user.update({ where: { id: former.id ?? -1 }, data: { kind: 'CUSTOMER' } });
    expect((await internal.data(Thread, { id: topicId })).topic?.internalNoteCount).toBeNull();
  });

  it('an employee token without READ_INTERNAL gets no internal notes over graphql-ws', async () => {
    const plain = await token(employee, ['READ']);
    const live = liveClient(api.app.url, plain.secret);
    try {
      const feed = live.subscribe(Activity, { id: topicId });
      await untilDelivered(feed, async () => {
        await employee.data(Reply, { input: { topicId, body: 'internal: escalate', internal: true } });
        await employee.data(Reply, { input: { topicId, body: 'Public follow-up.' } });
      });
      await settle(100);
      const [first] = await feed.waitFor(1);
      expect(first?.topicActivity).toMatchObject({
        __typename: 'PostAdded',
        post: { body: 'Public follow-up.' },
      });
      expect(JSON.stringify(feed.received)).not.toContain('escalate');
    } finally {
      await live.close();
    }
  });
});

describe('bad and revoked tokens', () => {
  it('refuses unknown, malformed, revoked and expired tokens alike with 401', async () => {
    const revoked = await token(customer, ['READ']);
    await customer.data(Revoke, { id: revoked.token.id });
    const expired = await token(customer, ['READ']);
    await api.prisma.apiToken.update({
      where: { id: Number(Buffer.from(expired.token.id, 'base64').toString().split(':')[1]) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const answers = [];
    for (const bearer of [revoked.secret, expired.secret, 'pat_not-a-real-token', 'garbage']) {
      const response = await post('{ viewer { email } }', bearer);
      answers.push({
        status: response.status,
        authenticate: response.headers.get('www-authenticate'),
        body: await response.json(),
      });
    }
    for (const answer of answers) {
      expect(answer).toEqual({
        status: 401,
        authenticate: 'Bearer error="invalid_token"',
        body: {
          errors: [{ message: 'The access token is not valid.', extensions: { code: 'UNAUTHENTICATED' } }],
        },
      });
    }
  });

  it('revocation takes effect at once over HTTP and closes open sockets', async () => {
    const created = await token(customer, ['READ']);
    const reader = api.withToken(created.secret);
    expect((await reader.data(Thread, { id: topicId })).topic).not.toBeNull();

    const live = liveClient(api.app.url, created.secret);
    const closed = new Promise<number>((resolve) =>
      live.client.on('closed', (event) => resolve((event as CloseEvent).code)),
    );
    const feed = live.subscribe(Activity, { id: topicId });
    await untilDelivered(feed, () =>
      employee.data(Reply, { input: { topicId, body: 'Before revocation.' } }),
    );

    const revoked = await customer.data(Revoke, { id: created.token.id });
    expect(revoked.revokeApiToken).toMatchObject({ data: { active: false } });
    expect(await closed).toBe(4403);
    expect((await post('{ viewer { email } }', created.secret)).status).toBe(401);
    await live.close();
  });

  it('a socket with a revoked token cannot connect', async () => {
    const created = await token(customer, ['READ']);
    await customer.data(Revoke, { id: created.token.id });
    const live = liveClient(api.app.url, created.secret);
    const code = await new Promise<number>((resolve) =>
      live.client.on('closed', (event) => resolve((event as CloseEvent).code)),
    );
    expect(code).toBe(4403);
    await live.close();
  });

  it('only the owner can revoke a token', async () => {
    const created = await token(customer, ['READ']);
    const result = await employee.data(Revoke, { id: created.token.id });
    expect(result.revokeApiToken).toMatchObject({ __typename: 'NotFoundError' });
    expect((await api.withToken(created.secret).data(MyTokens)).viewer).not.toBeNull();
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Outgoing } from '@parley/schema/realtime/events';
import { recordWebhookEvents } from '@parley/schema/webhook-events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../src/webhooks/signature.ts';
import { createWebhookTargets } from '../src/webhooks/target.ts';
import { type Actor, type ApiTest, startApiTest } from './support/api.ts';
import { graphql } from './support/graphql.ts';
import { type Received, type Receiver, startReceiver } from './support/receiver.ts';
import { createTestDatabase, type TestDatabase } from './support/test-database.ts';

const CreateWebhook = graphql(`
  mutation CreateWebhook($input: CreateWebhookInput!) {
    createWebhook(input: $input) {
      __typename
      ... on MutationCreateWebhookSuccess { data { secret webhook { id url events internal active } } }
      ... on ValidationError { problems { field message } }
      ... on Error { message }
    }
  }
`);
const UpdateWebhook = graphql(`
  mutation UpdateWebhook($input: UpdateWebhookInput!) {
    updateWebhook(input: $input) {
      __typename
      ... on MutationUpdateWebhookSuccess { data { secret webhook { id active events } } }
      ... on Error { message }
    }
  }
`);
const DeleteWebhook = graphql(`
  mutation DeleteWebhook($id: ID!) {
    deleteWebhook(webhookId: $id) { __typename ... on Error { message } }
  }
`);
const Redeliver = graphql(`
  mutation Redeliver($id: ID!) {
    redeliverWebhook(deliveryId: $id) {
      __typename
      ... on MutationRedeliverWebhookSuccess { data { id status event lastError } }
      ... on Error { message }
    }
  }
`);
const Log = graphql(`
  query WebhookLog($id: ID!) {
    node(id: $id) {
      ... on Webhook { url deliveries(first: 50) { id event status attempts responseStatus lastError body } }
    }
  }
`);
const Webhooks = graphql(`query Webhooks { webhooks { id url } }`);
const CreateTopic = graphql(`
  mutation HookTopic($input: CreateTopicInput!) {
    createTopic(input: $input) { __typename ... on MutationCreateTopicSuccess { data { id } } ... on Error { message } }
  }
`);
const Reply = graphql(`
  mutation HookReply($input: CreatePostInput!) {
    createPost(input: $input) { __typename ... on MutationCreatePostSuccess { data { id } } ... on Error { message } }
  }
`);
const Accept = graphql(`
  mutation HookAccept($id: ID!) { acceptAnswer(postId: $id) { __typename ... on Error { message } } }
`);
const Hide = graphql(`mutation HookHide($id: ID!) { hideTopic(topicId: $id, on: true) { __typename } }`);
const HidePost = graphql(
  `mutation HookHidePost($id: ID!) { hidePost(postId: $id, on: true) { __typename } }`,
);
const DeletePost = graphql(`mutation HookDeletePost($id: ID!) { deletePost(postId: $id) { __typename } }`);
const EditPost = graphql(
  `mutation HookEditPost($id: ID!, $body: String!) { editPost(postId: $id, body: $body) { __typename } }`,
);

type EventName = 'TOPIC_CREATED' | 'POST_CREATED' | 'TOPIC_ANSWERED' | 'TOPIC_AWAITING_EMPLOYEE_OVER_SLA';
interface Body {
  id: string;
  event: string;
  data: {
    topic: { number: number; title: string; hidden?: boolean };
    post?: { body: string; internal: boolean };
  };
}

let api: ApiTest;
let admin: Actor;
let customer: Actor;
let employee: Actor;
const receivers: Receiver[] = [];
const hooks: string[] = [];

async function register(receiver: Receiver, events: EventName[], internal = false) {
  const result = await admin.data(CreateWebhook, { input: { url: receiver.url, events, internal } });
  if (result.createWebhook.__typename !== 'MutationCreateWebhookSuccess')
    throw new Error(JSON.stringify(result));
  hooks.push(result.createWebhook.data.webhook.id);
  return result.createWebhook.data;
}

async function receiver() {
  const started = await startReceiver();
  receivers.push(started);
  return started;
}

async function topic(title: string, author: Actor = customer) {
  const result = await author.data(CreateTopic, {
    input: { category: 'banking', title, body: `About ${title}.`, kind: 'QUESTION' },
  });
  if (result.createTopic.__typename !== 'MutationCreateTopicSuccess') throw new Error(JSON.stringify(result));
  return result.createTopic.data.id;
}

async function reply(author: Actor, topicId: string, body: string, internal = false) {
  const result = await author.data(Reply, { input: { topicId, body, internal } });
  if (result.createPost.__typename !== 'MutationCreatePostSuccess') throw new Error(JSON.stringify(result));
  return result.createPost.data.id;
}

const parse = (delivery: Received) => JSON.parse(delivery.body) as Body;
/** The database id behind a global id. */
const numberOf = (id: string) => Number(Buffer.from(id, 'base64').toString().split(':')[1]);

async function pauseAll() {
  for (const id of hooks.splice(0))
    await admin.data(UpdateWebhook, { input: { webhookId: id, active: false } });
}

beforeAll(async () => {
  api = await startApiTest();
  await api.prisma.category.create({ data: { slug: 'banking', name: 'Banking' } });
  admin = await api.actor('admin');
  customer = await api.actor('customer');
  employee = await api.actor('employee');
});
afterAll(async () => {
  await api?.stop();
  for (const started of receivers) await started.close();
});

describe('signed deliveries', () => {
  it('signs each delivery over the timestamp and body; a receiver verifies it and refuses replays and tampering', async () => {
    const endpoint = await receiver();
    const { secret } = await register(endpoint, ['TOPIC_CREATED']);
    expect(secret).toMatch(/^whsec_/);
    await topic('Signed topic');
    const [delivery] = await endpoint.waitFor(1, 'topic.created');
    if (!delivery) throw new Error('no delivery');
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(delivery.headers['parley-webhook-id']).toMatch(/^\d+$/);
    const headers = {
      signature: String(delivery.headers['parley-webhook-signature']),
      timestamp: String(delivery.headers['parley-webhook-timestamp']),
    };
    expect(headers.signature).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifyWebhook(secret ?? '', headers, delivery.body)).toEqual({ ok: true });
    expect(parse(delivery)).toMatchObject({
      event: 'topic.created',
      data: { topic: { title: 'Signed topic' } },
    });
    // A replay outside the five-minute window, a changed body or another secret are refused.
    const later = Number(headers.timestamp) + 301;
    expect(verifyWebhook(secret ?? '', headers, delivery.body, later)).toEqual({
      ok: false,
      reason: 'stale',
    });
    expect(verifyWebhook(secret ?? '', headers, delivery.body.replace('Signed', 'Forged'))).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifyWebhook('whsec_other', headers, delivery.body)).toEqual({ ok: false, reason: 'mismatch' });
    await pauseAll();
  });

  it('sends post.created and topic.answered with the reply', async () => {
    const endpoint = await receiver();
    await register(endpoint, ['POST_CREATED', 'TOPIC_ANSWERED']);
    const id = await topic('Answered topic');
    const answer = await reply(employee, id, 'Here is how.');
    await customer.data(Accept, { id: answer });
    const [created] = await endpoint.waitFor(1, 'post.created');
    const [answered] = await endpoint.waitFor(1, 'topic.answered');
    expect(created && parse(created).data.post).toMatchObject({ body: 'Here is how.', internal: false });
    expect(answered && parse(answered).data).toMatchObject({
      topic: { title: 'Answered topic' },
      post: { body: 'Here is how.' },
    });
    await pauseAll();
  });

  it('tells one topic.answered however often the same answer is accepted', async () => {
    const endpoint = await receiver();
    const { webhook } = await register(endpoint, ['TOPIC_ANSWERED']);
    const id = await topic('Accepted three times');
    const answer = await reply(employee, id, 'The one answer');
    for (let time = 0; time < 3; time++) await customer.data(Accept, { id: answer });
    // The same acceptance told to the outbox again, whether or not acceptAnswer repeats it.
    const accepted: Outgoing = {
      channel: 'topic',
      id: numberOf(id),
      event: {
        seq: null,
        kind: 'TOPIC_CHANGED',
        postId: numberOf(answer),
        actorId: customer.id,
        internal: false,
        changes: ['status', 'acceptedAnswer'],
      },
    };
    await api.prisma.$transaction((tx) => recordWebhookEvents(tx, [accepted], () => new Date()));
    const [told] = await endpoint.waitFor(1, 'topic.answered');
    // Everything written so far has been fanned out, and it made one delivery.
    await expect.poll(() => api.prisma.webhookOutbox.count({ where: { processedAt: null } })).toBe(0);
    const deliveries = await api.prisma.webhookDelivery.findMany({
      where: { webhookId: numberOf(webhook.id) },
    });
    expect(deliveries).toHaveLength(1);
    expect(told && parse(told).data.post?.body).toBe('The one answer');
    await pauseAll();
  });
});

describe('what a webhook may see', () => {
  it('never sends internal notes or hidden topics to a webhook that is not internal; an internal one gets them', async () => {
    const outside = await receiver();
    const inside = await receiver();
    await register(outside, ['TOPIC_CREATED', 'POST_CREATED']);
    await register(inside, ['POST_CREATED'], true);
    const id = await topic('Internal matters');
    await reply(employee, id, 'NOTE: customer on legacy plan', true);
    await reply(employee, id, 'Public answer');
    const hiddenId = await topic('Spam to be hidden');
    await employee.data(Hide, { id: hiddenId });
    await reply(employee, hiddenId, 'reply in a hidden topic');
    await reply(employee, id, 'Last public word');

    await outside.waitFor(2, 'post.created');
    await inside.waitFor(4, 'post.created');
    const outsidePosts = outside.received.map(parse).map((body) => body.data.post?.body);
    expect(outsidePosts).toEqual(expect.arrayContaining(['Public answer', 'Last public word']));
    expect(JSON.stringify(outside.received.map(parse))).not.toMatch(/legacy plan|hidden topic/);
    const insidePosts = inside.received.map(parse).map((body) => body.data.post);
    expect(insidePosts).toContainEqual(
      expect.objectContaining({ body: 'NOTE: customer on legacy plan', internal: true }),
    );
    expect(insidePosts).toContainEqual(expect.objectContaining({ body: 'reply in a hidden topic' }));
    await pauseAll();
  });

  it('is for admins only, through every path', async () => {
    const endpoint = await receiver();
    const { webhook } = await register(endpoint, ['TOPIC_CREATED']);
    for (const who of [customer, employee]) {
      const created = await who.data(CreateWebhook, {
        input: { url: endpoint.url, events: ['TOPIC_CREATED'] },
      });
      expect(created.createWebhook).toMatchObject({
        __typename: 'ForbiddenError',
        message: 'Only admins can do this.',
      });
      const listed = await who.request(Webhooks);
      expect(listed.errors?.[0]?.message).toBeDefined();
      expect(listed.data?.webhooks ?? null).toBeNull();
      expect((await who.data(Log, { id: webhook.id })).node).toBeNull();
      const deleted = await who.data(DeleteWebhook, { id: webhook.id });
      expect(deleted.deleteWebhook.__typename).toBe('ForbiddenError');
    }
    expect((await api.anonymous.data(Log, { id: webhook.id })).node).toBeNull();
    expect((await admin.data(Webhooks)).webhooks.map((hook) => hook.id)).toContain(webhook.id);
    await pauseAll();
  });

  it('refuses non-http(s) targets and bad events', async () => {
    for (const url of [
      'ftp://example.com/hook',
      'javascript:alert(1)',
      'http://user:pw@example.com/',
      'not a url',
    ]) {
      const result = await admin.data(CreateWebhook, { input: { url, events: ['TOPIC_CREATED'] } });
      expect(result.createWebhook).toMatchObject({
        __typename: 'ValidationError',
        problems: [{ field: 'input.url' }],
      });
    }
    const none = await admin.data(CreateWebhook, { input: { url: 'https://example.com/', events: [] } });
    expect(none.createWebhook).toMatchObject({
      __typename: 'ValidationError',
      problems: [{ field: 'input.events' }],
    });
  });
});

describe('SSRF protection (private targets not allowed, as in production)', () => {
  const strict = createWebhookTargets(false);
  it('refuses loopback, private, link-local and metadata addresses, literal or resolved', async () => {
    for (const url of [
      'http://127.0.0.1/hook',
      'http://localhost:8080/hook',
      'http://10.1.2.3/',
      'http://172.16.5.4/',
      'http://192.168.1.1/',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[fd00::1]/',
      'http://0.0.0.0/',
    ]) {
      expect(await strict.check(url), url).toMatch(/private or loopback/);
    }
    expect(await strict.check('https://93.184.216.34/hook')).toBeNull();
  });

  it('refuses at delivery time too, when a name resolves to a private address', async () => {
    const refused = await new Promise<string>((resolve) =>
      strict.lookup('localhost', {}, (error) => resolve(error ? error.message : 'allowed')),
    );
    expect(refused).toMatch(/refused: localhost resolves to a private address/);
    expect(strict.refuseLiteral(new URL('http://127.0.0.1:9/'))).toMatch(/private or loopback/);
  });
});

describe('retries and the outbox', () => {
  it('retries a failing endpoint with backoff and logs each attempt', async () => {
    const endpoint = await receiver();
    endpoint.answer = (_delivery, index) => (index < 2 ? 500 : 200);
    const { webhook } = await register(endpoint, ['TOPIC_CREATED']);
    await topic('Flaky endpoint');
    await endpoint.waitFor(1, 'topic.created');
    expect(endpoint.attempts).toHaveLength(3);
    const ids = new Set(endpoint.attempts.map((attempt) => attempt.headers['parley-webhook-id']));
    expect(ids.size).toBe(1);
    const log = await admin.data(Log, { id: webhook.id });
    const deliveries = log.node && 'deliveries' in log.node ? log.node.deliveries : [];
    await expect
      .poll(async () => {
        const fresh = await admin.data(Log, { id: webhook.id });
        return fresh.node && 'deliveries' in fresh.node ? fresh.node.deliveries[0]?.status : null;
      })
      .toBe('SUCCEEDED');
    expect(deliveries).toHaveLength(1);
    const final = await api.prisma.webhookDelivery.findFirstOrThrow({
      where: { webhookId: numberOf(webhook.id) },
    });
    expect(final).toMatchObject({ status: 'SUCCEEDED', attempts: 3, responseStatus: 200 });
    await pauseAll();
  });

  it('a paused webhook is sent nothing, not even retries; they go on when it is resumed', async () => {
    const endpoint = await receiver();
    let failing = true;
    endpoint.answer = () => (failing ? 500 : 200);
    const { webhook } = await register(endpoint, ['TOPIC_CREATED']);
    await topic('Retried while paused');
    await expect.poll(() => endpoint.attempts.length).toBeGreaterThan(0);
    await admin.data(UpdateWebhook, { input: { webhookId: webhook.id, active: false } });
    const delivery = { webhookId: numberOf(webhook.id) };
    // Whatever attempt was under way when it was paused has finished.
    await expect
      .poll(async () => (await api.prisma.webhookDelivery.findFirstOrThrow({ where: delivery })).lockedUntil)
      .toBeNull();
    const sent = endpoint.attempts.length;
    // Twenty of the dispatcher's polls (25 ms here), each of which would have retried at once.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(endpoint.attempts).toHaveLength(sent);
    expect(await api.prisma.webhookDelivery.findFirstOrThrow({ where: delivery })).toMatchObject({
      status: 'PENDING',
    });

    failing = false;
    await admin.data(UpdateWebhook, { input: { webhookId: webhook.id, active: true } });
    await endpoint.waitFor(1, 'topic.created');
    await expect
      .poll(async () => (await api.prisma.webhookDelivery.findFirstOrThrow({ where: delivery })).status)
      .toBe('SUCCEEDED');
    await admin.data(UpdateWebhook, { input: { webhookId: webhook.id, active: false } });
  });

  it('a slow endpoint never holds up a write', async () => {
    const endpoint = await receiver();
    endpoint.answer = () => 'hang';
    await register(endpoint, ['TOPIC_CREATED', 'POST_CREATED']);
    const id = await topic('Slow endpoint');
    await expect.poll(() => endpoint.attempts.length).toBeGreaterThan(0);
    // The endpoint holds its request unanswered; the next writes still complete.
    await reply(customer, id, 'More detail while the endpoint hangs');
    await reply(employee, id, 'An answer while the endpoint hangs');
    expect(await api.prisma.post.count({ where: { topic: { title: 'Slow endpoint' } } })).toBe(2);
    endpoint.release();
    endpoint.answer = () => 200;
    await endpoint.waitFor(3);
    await pauseAll();
  });

  it('manual redelivery sends the same body again under a new delivery id', async () => {
    const endpoint = await receiver();
    const { webhook } = await register(endpoint, ['TOPIC_CREATED']);
    await topic('Redeliver me');
    const [first] = await endpoint.waitFor(1, 'topic.created');
    const log = await admin.data(Log, { id: webhook.id });
    const original = log.node && 'deliveries' in log.node ? log.node.deliveries[0] : undefined;
    if (!original || !first) throw new Error('no delivery');
    const again = await admin.data(Redeliver, { id: original.id });
    expect(again.redeliverWebhook).toMatchObject({ data: { status: 'PENDING', event: 'topic.created' } });
    const [, second] = await endpoint.waitFor(2, 'topic.created');
    expect(second?.body).toBe(first.body);
    expect(second?.headers['parley-webhook-id']).not.toBe(first.headers['parley-webhook-id']);
    expect(parse(second ?? first).id).toBe(parse(first).id);
    const refused = await customer.data(Redeliver, { id: original.id });
    expect(refused.redeliverWebhook.__typename).toBe('ForbiddenError');
    await pauseAll();
  });

  it('builds each retry from the content as it is then: what was hidden or deleted meanwhile is not sent', async () => {
    const endpoint = await receiver();
    // First attempts are held unanswered until they time out (2 s in tests); retries are answered.
    let holding = true;
    endpoint.answer = () => (holding ? 'hang' : 200);
    const { webhook } = await register(endpoint, ['TOPIC_CREATED', 'POST_CREATED']);
    const id = await topic('Retried after changes');
    const hidden = await reply(employee, id, 'Reply hidden before the retry');
    const deleted = await reply(employee, id, 'Reply deleted before the retry');
    const edited = await reply(employee, id, 'Reply as first written');
    const hiddenTopic = await topic('Topic hidden before the retry');
    await expect.poll(() => endpoint.attempts.length).toBe(5);
    await employee.data(HidePost, { id: hidden });
    await employee.data(DeletePost, { id: deleted });
    await employee.data(EditPost, { id: edited, body: 'Reply as edited before the retry' });
    await employee.data(Hide, { id: hiddenTopic });
    holding = false;

    await expect
      .poll(
        () =>
          api.prisma.webhookDelivery.count({ where: { webhookId: numberOf(webhook.id), status: 'PENDING' } }),
        { timeout: 10_000 },
      )
      .toBe(0);
    const sent = endpoint.received.map(parse);
    expect(sent.map((body) => body.data.post?.body ?? body.data.topic.title).sort()).toEqual([
      'Reply as edited before the retry',
      'Retried after changes',
    ]);
    const log = await api.prisma.webhookDelivery.findMany({
      where: { webhookId: numberOf(webhook.id), status: 'FAILED' },
      orderBy: { id: 'asc' },
    });
    expect(log.map(({ lastError, attempts }) => ({ lastError, attempts }))).toEqual([
      { lastError: 'not sent: the reply is hidden', attempts: 1 },
      { lastError: 'not sent: the reply was deleted', attempts: 1 },
      { lastError: 'not sent: the topic is hidden', attempts: 1 },
    ]);
    await pauseAll();
  });

  it('a redelivery of what has been hidden since is not sent, and the log says why', async () => {
    const endpoint = await receiver();
    const { webhook } = await register(endpoint, ['POST_CREATED']);
    const id = await topic('Redeliver a hidden reply');
    const hidden = await reply(employee, id, 'Hidden after it was delivered');
    await endpoint.waitFor(1, 'post.created');
    await employee.data(HidePost, { id: hidden });
    const log = await admin.data(Log, { id: webhook.id });
    const original = log.node && 'deliveries' in log.node ? log.node.deliveries[0] : undefined;
    if (!original) throw new Error('no delivery');
    const again = await admin.data(Redeliver, { id: original.id });
    expect(again.redeliverWebhook).toMatchObject({
      data: { status: 'FAILED', lastError: 'not sent: the reply is hidden' },
    });
    // A later event arrives; the hidden reply is not sent again.
    await reply(employee, id, 'A later reply');
    await endpoint.waitFor(2, 'post.created');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(endpoint.attempts.map((attempt) => parse(attempt).data.post?.body)).toEqual([
      'Hidden after it was delivered',
      'A later reply',
    ]);
    await pauseAll();
  });

  it('tells about customer topics waiting longer than the SLA, once', async () => {
    const endpoint = await receiver();
    await register(endpoint, ['TOPIC_AWAITING_EMPLOYEE_OVER_SLA']);
    const id = await topic('Nobody answered');
    await api.prisma.topic.updateMany({
      where: { title: 'Nobody answered' },
      data: { awaitingEmployeeSince: new Date(Date.now() - 2 * 3_600_000) },
    });
    const [delivery] = await endpoint.waitFor(1, 'topic.awaiting_employee_over_sla');
    expect(delivery && parse(delivery).data.topic.title).toBe('Nobody answered');
    expect(id).toBeTruthy();
    // Later scans find the same wait already told.
    const rows = await api.prisma.webhookOutbox.count({
      where: { event: 'topic.awaiting_employee_over_sla' },
    });
    expect(rows).toBe(1);
    await pauseAll();
  });
});

describe('across a restart', () => {
  it('delivers what waited while the receiver was down, after a restart, exactly once', async () => {
    // Its own database, on disk when embedded, so it outlives the first server.
    const made = await createTestDatabase();
    const directory = await mkdtemp(join(tmpdir(), 'parley-webhooks-'));
    const first: TestDatabase =
      made.config.engine === 'pglite'
        ? { ...made, config: { ...made.config, dataDir: join(directory, 'data') } }
        : made;
    const second: TestDatabase =
      first.config.engine === 'pglite'
        ? { ...first, config: { engine: 'pglite', dataDir: first.config.dataDir } }
        : first;
    const endpoint = await receiver();
    const before = await startApiTest({ shareDatabase: first });
    let after: Awaited<ReturnType<typeof startApiTest>> | undefined;
    try {
      await before.prisma.category.create({ data: { slug: 'banking', name: 'Banking' } });
      const owner = await before.actor('admin');
      const author = await before.actor('customer');
      const created = await owner.data(CreateWebhook, {
        input: { url: endpoint.url, events: ['TOPIC_CREATED'] },
      });
      expect(created.createWebhook.__typename).toBe('MutationCreateWebhookSuccess');
      await endpoint.close();
      await topic('Written while the receiver was down', author);
      await expect
        .poll(
          () =>
            before.prisma.webhookDelivery.findFirst({ where: { body: { contains: 'receiver was down' } } }),
          {
            timeout: 10_000,
          },
        )
        .toMatchObject({ lastError: expect.stringMatching(/ECONNREFUSED/) });
      await before.app.stop();

      await endpoint.listen();
      after = await startApiTest({ shareDatabase: second });
      await endpoint.waitFor(1, 'topic.created');
      // What the first server delivered is not delivered again by the second.
      await topic('After the restart', after.withToken(author.token));
      await endpoint.waitFor(2, 'topic.created');
      const titles = endpoint.received.map((delivery) => parse(delivery).data.topic.title);
      expect(titles).toEqual(['Written while the receiver was down', 'After the restart']);
    } finally {
      await before.app.stop();
      await after?.app.stop();
      await first.drop();
      await rm(directory, { recursive: true, force: true });
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type ApiTest, startApiTest } from './support/api.ts';
import { graphql } from './support/graphql.ts';
import { type Receiver, startReceiver } from './support/receiver.ts';

const CreateWebhook = graphql(`
  mutation AuthCreateWebhook($input: CreateWebhookInput!) {
    createWebhook(input: $input) {
      __typename
      ... on MutationCreateWebhookSuccess { data { webhook { id internal } } }
      ... on Error { message }
    }
  }
`);
const UpdateWebhook = graphql(`
  mutation AuthUpdateWebhook($input: UpdateWebhookInput!) {
    updateWebhook(input: $input) {
      __typename
      ... on MutationUpdateWebhookSuccess { data { webhook { id internal url } } }
      ... on Error { message }
    }
  }
`);
const Redeliver = graphql(`
  mutation AuthRedeliver($id: ID!) {
    redeliverWebhook(deliveryId: $id) { __typename ... on Error { message } }
  }
`);
const Logs = graphql(`
  query AuthWebhookLogs { webhooks { id internal deliveries(first: 50) { id event body } } }
`);
const Log = graphql(`
  query AuthWebhookLog($id: ID!) { node(id: $id) { ... on Webhook { deliveries(first: 50) { id body } } } }
`);
const CreateToken = graphql(`
  mutation AuthCreateToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      __typename
      ... on MutationCreateApiTokenSuccess { data { secret } }
      ... on Error { message }
    }
  }
`);
const SetRole = graphql(`
  mutation AuthSetRole($id: ID!) { setUserRole(input: { personId: $id, role: ADMIN }) { __typename } }
`);
const CreateTopic = graphql(`
  mutation AuthTopic($input: CreateTopicInput!) {
    createTopic(input: $input) { __typename ... on MutationCreateTopicSuccess { data { id } } ... on Error { message } }
  }
`);
const Reply = graphql(`
  mutation AuthReply($input: CreatePostInput!) {
    createPost(input: $input) { __typename ... on MutationCreatePostSuccess { data { id } } ... on Error { message } }
  }
`);
const HidePost = graphql(
  `mutation AuthHidePost($id: ID!) { hidePost(postId: $id, on: true) { __typename } }`,
);

type Scope = 'READ' | 'WRITE' | 'READ_INTERNAL';

let api: ApiTest;
/** An employee and admin, signed in: reads everything. */
let admin: Actor;
/** A customer promoted to admin: sees hidden content, never internal notes. */
let customerAdmin: Actor;
let customer: Actor;
let employee: Actor;
const receivers: Receiver[] = [];
let internalHook: string;
let publicHook: string;
let publicReply: string;

async function token(owner: Actor, scopes: Scope[]): Promise<Actor> {
  const result = await owner.data(CreateToken, { input: { name: `webhooks ${scopes.join(' ')}`, scopes } });
  if (result.createApiToken.__typename !== 'MutationCreateApiTokenSuccess')
    throw new Error(JSON.stringify(result));
  return api.withToken(result.createApiToken.data.secret);
}

async function receiver() {
  const started = await startReceiver();
  receivers.push(started);
  return started;
}

async function createHook(actor: Actor, url: string, internal: boolean) {
  return (await actor.data(CreateWebhook, { input: { url, events: ['POST_CREATED'], internal } }))
    .createWebhook;
}

async function created(actor: Actor, url: string, internal: boolean): Promise<string> {
  const result = await createHook(actor, url, internal);
  if (result.__typename !== 'MutationCreateWebhookSuccess') throw new Error(JSON.stringify(result));
  return result.data.webhook.id;
}

/** Each webhook's log as the actor reads it. */
async function logs(actor: Actor) {
  const hooks = (await actor.data(Logs)).webhooks;
  const of = (id: string) => hooks.find((hook) => hook.id === id)?.deliveries ?? [];
  return { internal: of(internalHook), public: of(publicHook), text: JSON.stringify(hooks) };
}

beforeAll(async () => {
  api = await startApiTest();
  await api.prisma.category.create({ data: { slug: 'banking', name: 'Banking' } });
  admin = await api.actor('admin');
  customer = await api.actor('customer');
  employee = await api.actor('employee');
  customerAdmin = await api.actor('customer');
  const promoted = await admin.data(SetRole, {
    id: Buffer.from(`Person:${customerAdmin.id}`).toString('base64'),
  });
  expect(promoted.setUserRole.__typename).toBe('MutationSetUserRoleSuccess');

  const inside = await receiver();
  const outside = await receiver();
  internalHook = await created(admin, inside.url, true);
  publicHook = await created(admin, outside.url, false);
  const topic = await customer.data(CreateTopic, {
    input: { category: 'banking', title: 'Account frozen', body: 'Why?', kind: 'QUESTION' },
  });
  if (topic.createTopic.__typename !== 'MutationCreateTopicSuccess') throw new Error('no topic');
  const topicId = topic.createTopic.data.id;
  await employee.data(Reply, { input: { topicId, body: 'NOTE: flagged by fraud team', internal: true } });
  const answer = await employee.data(Reply, { input: { topicId, body: 'We are looking into it.' } });
  if (answer.createPost.__typename !== 'MutationCreatePostSuccess') throw new Error('no reply');
  publicReply = answer.createPost.data.id;
  await inside.waitFor(2, 'post.created');
  await outside.waitFor(1, 'post.created');
});
afterAll(async () => {
  await api?.stop();
  for (const started of receivers) await started.close();
});

describe('the delivery log of an internal webhook', () => {
  it('is read in full by an employee admin, through a session or a READ_INTERNAL token', async () => {
    for (const reader of [admin, await token(admin, ['READ', 'READ_INTERNAL'])]) {
      const log = await logs(reader);
      expect(log.internal.map((delivery) => delivery.body)).toContainEqual(
        expect.stringContaining('NOTE: flagged by fraud team'),
      );
      expect(log.public).toHaveLength(1);
    }
  });

  it('is empty for an admin token without READ_INTERNAL and for a customer made admin; public logs stay readable', async () => {
    for (const reader of [await token(admin, ['READ']), customerAdmin]) {
      const log = await logs(reader);
      expect(log.text).not.toMatch(/fraud team/);
      expect(log.internal).toEqual([]);
      expect(log.public.map((delivery) => delivery.body)).toEqual([
        expect.stringContaining('We are looking into it.'),
      ]);
      const node = await reader.data(Log, { id: internalHook });
      expect(node.node).toEqual({ deliveries: [] });
    }
  });

  it('cannot be redelivered by who may not read it (as if it did not exist)', async () => {
    const [note] = (await logs(admin)).internal;
    if (!note) throw new Error('no delivery');
    for (const actor of [customerAdmin, await token(admin, ['READ', 'WRITE'])]) {
      const again = await actor.data(Redeliver, { id: note.id });
      expect(again.redeliverWebhook.__typename).toBe('NotFoundError');
    }
  });
});

describe('making a webhook internal', () => {
  it('needs an employee who sees internal notes, on create and on update', async () => {
    const endpoint = await receiver();
    const writer = await token(admin, ['READ', 'WRITE']);
    for (const actor of [customerAdmin, writer]) {
      const made = await createHook(actor, endpoint.url, true);
      expect(made.__typename).toBe('ForbiddenError');
      const updated = await actor.data(UpdateWebhook, { input: { webhookId: publicHook, internal: true } });
      expect(updated.updateWebhook.__typename).toBe('ForbiddenError');
      // Pointing an internal webhook at another endpoint would send its notes there.
      const moved = await actor.data(UpdateWebhook, {
        input: { webhookId: internalHook, url: endpoint.url },
      });
      expect(moved.updateWebhook.__typename).toBe('ForbiddenError');
      // Public webhooks stay theirs to manage.
      expect((await createHook(actor, endpoint.url, false)).__typename).toBe('MutationCreateWebhookSuccess');
    }
    expect((await createHook(writer, endpoint.url, true)).__typename).toBe('ForbiddenError');
    const full = await token(admin, ['READ', 'WRITE', 'READ_INTERNAL']);
    expect((await createHook(full, endpoint.url, true)).__typename).toBe('MutationCreateWebhookSuccess');
    const hooks = await api.prisma.webhook.findMany({ where: { url: endpoint.url } });
    expect(hooks.map((hook) => hook.internal).sort()).toEqual([false, false, true]);
  });
});

describe('bodies kept in a log', () => {
  it('are withheld from who may not see what they carry now', async () => {
    // A reply hidden after its delivery: not for a token without READ_INTERNAL any more.
    await employee.data(HidePost, { id: publicReply });
    const plain = await token(admin, ['READ']);
    expect((await logs(plain)).public.map((delivery) => delivery.body)).toEqual([null]);
    expect((await logs(admin)).public.map((delivery) => delivery.body)).toEqual([
      expect.stringContaining('We are looking into it.'),
    ]);

    // A webhook no longer internal lists its old deliveries, but their bodies were built with internal rights.
    const changed = await admin.data(UpdateWebhook, { input: { webhookId: internalHook, internal: false } });
    expect(changed.updateWebhook.__typename).toBe('MutationUpdateWebhookSuccess');
    for (const reader of [plain, customerAdmin]) {
      const log = await logs(reader);
      expect(log.internal.map((delivery) => delivery.body)).toEqual([null, null]);
      expect(log.text).not.toMatch(/fraud team/);
    }
  });
});

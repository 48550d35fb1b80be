import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type ApiTest, startApiTest } from './support/api.ts';
import { graphql } from './support/graphql.ts';
import { liveClient } from './support/live.ts';

// Notifications follow the owner's rights as they are now, not as they were when written.

const CreateTopic = graphql(`
  mutation RightsTopic {
    createTopic(input: { category: "general", title: "Where is my invoice?", body: "It never came." }) {
      __typename ... on MutationCreateTopicSuccess { data { id } }
    }
  }
`);
const Reply = graphql(`
  mutation RightsReply($topicId: ID!, $body: String!, $internal: Boolean) {
    createPost(input: { topicId: $topicId, body: $body, internal: $internal }) { __typename }
  }
`);
const Demote = graphql(`
  mutation RightsDemote($id: ID!) { setUserKind(input: { personId: $id, kind: CUSTOMER }) { __typename } }
`);
const Inbox = graphql(`
  query RightsInbox { unreadNotificationCount notifications(first: 20) { edges { node { kind topic { title } } } } }
`);
const Unread = graphql(`subscription RightsUnread { unreadNotificationCount }`);

let api: ApiTest;
let admin: Actor;
let customer: Actor;
let colleague: Actor;

beforeAll(async () => {
  api = await startApiTest();
  await api.prisma.category.create({ data: { slug: 'general', name: 'General' } });
  admin = await api.actor('admin');
  customer = await api.actor('customer');
  colleague = await api.actor('employee');
});
afterAll(() => api?.stop());

describe('notifications after the owner lost rights', () => {
  it('an employee made a customer no longer sees (or counts) notifications about internal notes', async () => {
    const former = await api.actor('employee', { handle: 'former' });
    const created = await customer.data(CreateTopic);
    if (created.createTopic.__typename !== 'MutationCreateTopicSuccess') throw new Error('no topic');
    const topicId = created.createTopic.data.id;
    await colleague.data(Reply, { topicId, body: 'Internal: @former knows this customer', internal: true });
    await colleague.data(Reply, { topicId, body: '@former will follow up with you.' });
    expect((await former.data(Inbox)).unreadNotificationCount).toBe(2);

    const personId = Buffer.from(`Person:${former.id}`).toString('base64');
    await admin.data(Demote, { id: personId });

    const inbox = await former.data(Inbox);
    expect(inbox.unreadNotificationCount).toBe(1);
    expect(inbox.notifications?.edges).toHaveLength(1);
    const live = liveClient(api.app.url, former.token);
    try {
      const [first] = await live.subscribe(Unread, {}).waitFor(1);
      expect(first?.unreadNotificationCount).toBe(1);
    } finally {
      await live.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { startApiTest } from './support/api.ts';
import { graphql } from './support/graphql.ts';
import { idOf, listening, liveClient } from './support/live.ts';

// Its own file: the server it stops is the only one in this process.
const Activity = graphql(`
  subscription ShutdownActivity($topicId: ID!) { topicActivity(topicId: $topicId) { __typename } }
`);

describe('stopping the server', () => {
  it('completes subscriptions and closes sockets with 1001 when the server stops', async () => {
    const other = await startApiTest();
    await other.prisma.category.create({ data: { slug: 'general', name: 'General' } });
    const author = await other.actor('customer');
    const Create = graphql(`
      mutation ShutdownTopic { createTopic(input: { category: "general", title: "Shutdown", body: "x" }) {
        __typename ... on MutationCreateTopicSuccess { data { id } } } }
    `);
    const created = await author.data(Create);
    if (created.createTopic.__typename !== 'MutationCreateTopicSuccess') throw new Error('no topic');
    const client = liveClient(other.app.url, author.token);
    const closed = new Promise<number>((resolve) =>
      client.client.on('closed', (event) => resolve((event as { code: number }).code)),
    );
    client.subscribe(Activity, { topicId: created.createTopic.data.id });
    await listening(other.app, `topic:${idOf(created.createTopic.data.id)}`);
    await other.stop();
    expect(await closed).toBe(1001);
    await client.close();
  });
});

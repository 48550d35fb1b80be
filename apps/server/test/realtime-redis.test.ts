import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type Actor, type ApiTest, startApiTest } from './support/api.ts';
import { graphql } from './support/graphql.ts';
import {
  eventually,
  idOf,
  type LiveClient,
  listening,
  liveClient,
  realtimeHealth,
  settle,
} from './support/live.ts';
import { childPath, engine, redisUrl } from './support/test-env.ts';

const Activity = graphql(`
  subscription RedisActivity($topicId: ID!, $after: Int) {
    topicActivity(topicId: $topicId, after: $after) {
      __typename ... on PostAdded { cursor post { body } }
    }
  }
`);
const Create = graphql(`
  mutation RedisTopic($title: String!) {
    createTopic(input: { category: "general", title: $title, body: "Body" }) {
      __typename ... on MutationCreateTopicSuccess { data { id } }
    }
  }
`);
const Reply = graphql(`
  mutation RedisReply($topicId: ID!, $body: String!) {
    createPost(input: { topicId: $topicId, body: $body }) { __typename }
  }
`);

const Unread = graphql(`subscription RedisUnread { unreadNotificationCount }`);

const cleanup: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

function connect(api: ApiTest, actor: Actor): LiveClient {
  const client = liveClient(api.app.url, actor.token);
  cleanup.push(() => client.close());
  return client;
}

async function topic(actor: Actor, title: string): Promise<string> {
  const result = await actor.data(Create, { title });
  if (result.createTopic.__typename !== 'MutationCreateTopicSuccess') throw new Error('no topic');
  return result.createTopic.data.id;
}

const body = (event: { topicActivity: { __typename: string } }) =>
  (event.topicActivity as { post?: { body: string } }).post?.body;

// Two instances need one database both can reach: PostgreSQL. PGlite is one process's.
const twoInstancesSkip = !redisUrl
  ? 'REDIS_URL is not set'
  : engine !== 'postgres'
    ? 'two instances share PostgreSQL only (DATABASE_URL is not set; PGlite belongs to one process)'
    : null;
if (twoInstancesSkip)
  console.info(`[parley tests] Redis fan-out across instances skipped: ${twoInstancesSkip}`);

describe.skipIf(twoInstancesSkip !== null)('fan-out across server instances through Redis', () => {
  it('delivers a write made in one server process to a subscriber on another', async () => {
    const first = await startApiTest({ config: { redisUrl } });
    cleanup.push(() => first.stop());
    await first.prisma.category.create({ data: { slug: 'general', name: 'General' } });
    const customer = await first.actor('customer');
    const employee = await first.actor('employee');
    if (first.database.config.engine !== 'postgres') throw new Error('expected PostgreSQL');

    // Instance B: a separate server process on the same database and Redis.
    const port = await freePort();
    const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
    const second = spawn(process.execPath, ['--import', 'tsx', main, 'start'], {
      env: {
        PATH: childPath,
        DATABASE_URL: first.database.config.url,
        REDIS_URL: redisUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        PARLEY_SEED_DEMO: 'false',
        PARLEY_LOG_LEVEL: 'warn',
      },
      stdio: 'inherit',
    });
    cleanup.push(() => second.kill('SIGTERM'));
    const secondUrl = `http://127.0.0.1:${port}`;
    for (
      let waited = 0;
      !(await fetch(`${secondUrl}/health`).then(
        (r) => r.ok,
        () => false,
      ));
      waited += 200
    ) {
      if (waited > 30_000) throw new Error('the second server process did not start');
      await settle(200);
    }

    const topicId = await topic(customer, 'Across instances');
    const watching = connect(first, customer).subscribe(Activity, { topicId });
    await listening(first.app, `topic:${idOf(topicId)}`); // Redis has confirmed the channel
    const response = await fetch(`${secondUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${employee.token}` },
      body: JSON.stringify({
        query:
          'mutation($t: ID!) { createPost(input: { topicId: $t, body: "Answered from process two" }) { __typename } }',
        variables: { t: topicId },
      }),
    });
    expect(await response.json()).toEqual({
      data: { createPost: { __typename: 'MutationCreatePostSuccess' } },
    });
    const [event] = await watching.waitFor(1);
    expect(event && body(event)).toBe('Answered from process two');
  }, 60_000);
});

const redisServerSkip = spawnSync('redis-server', ['--version'], { env: { PATH: childPath } }).error
  ? 'no redis-server binary on PATH to start and stop'
  : null;
if (redisServerSkip) console.info(`[parley tests] Redis outage test skipped: ${redisServerSkip}`);

describe.skipIf(redisServerSkip !== null)('when Redis goes away', () => {
  it('keeps accepting writes, reconnects, resumes live delivery, and the stored events fill the gap', async () => {
    const port = await freePort();
    let redis = startRedis(port);
    cleanup.push(() => redis.kill('SIGKILL'));
    await waitForRedis(port);
    const api = await startApiTest({ config: { redisUrl: `redis://127.0.0.1:${port}` } });
    cleanup.push(() => api.stop());
    await api.prisma.category.create({ data: { slug: 'general', name: 'General' } });
    const customer = await api.actor('customer');
    const employee = await api.actor('employee');
    const topicId = await topic(customer, 'Redis outage');

    const watching = connect(api, customer).subscribe(Activity, { topicId });
    const channel = `topic:${idOf(topicId)}`;
    await listening(api.app, channel);
    expect(await realtimeHealth(api.app)).toEqual({ transport: 'redis', status: 'up', listeners: 1 });
    await employee.data(Reply, { topicId, body: 'before the outage' });
    const [first] = await watching.waitFor(1);
    const cursor = cursorOf(first);

    redis.kill('SIGKILL');
    await eventually(
      () => api.app.realtime.status().status === 'down',
      () => 'up: the server did not notice Redis going away',
      { timeoutMs: 10_000, everyMs: 50 },
    );
    // The instance stays healthy (its database is): /health says live events wait for Redis.
    const during = await fetch(new URL('/health', api.app.url));
    expect(during.status).toBe(200);
    expect((await during.json()).realtime).toEqual({ transport: 'redis', status: 'down', listeners: 1 });
    // Writes do not depend on Redis: this one is stored, whatever happens to its live event.
    expect(await employee.data(Reply, { topicId, body: 'during the outage' })).toEqual({
      createPost: { __typename: 'MutationCreatePostSuccess' },
    });

    redis = startRedis(port);
    await waitForRedis(port);
    // ioredis reconnects with backoff and subscribes again by itself: wait until Redis has it.
    await eventually(
      async () => (await subscribedAt(port, channel)) && api.app.realtime.status().status === 'up',
      () => 'unsubscribed: the server did not subscribe again after Redis came back',
      { timeoutMs: 15_000, everyMs: 100 },
    );
    await employee.data(Reply, { topicId, body: 'after the outage' });
    for (let waited = 0; !watching.received.map(body).includes('after the outage'); waited += 100) {
      if (waited > 10_000)
        throw new Error(`live delivery did not resume: ${JSON.stringify(watching.received)}`);
      await settle(100);
    }
    // Whatever the outage held back arrives at most once, in order.
    const live = watching.received.flatMap((event) => body(event) ?? []);
    expect(live).toEqual([...new Set(live)]);
    expect(live.at(-1)).toBe('after the outage');

    // A client that reconnects with its last cursor gets everything, the outage included, once.
    const caughtUp = connect(api, customer).subscribe(Activity, { topicId, after: cursor });
    // After the first reply's cursor: the wait it ended (a TopicChanged), then the two replies.
    await caughtUp.waitFor(3);
    await settle();
    expect(caughtUp.received.map((event) => body(event) ?? event.topicActivity.__typename)).toEqual([
      'TopicChanged',
      'during the outage',
      'after the outage',
    ]);
  }, 30_000);

  it('closes the sockets whose rights changed while it was away, once it is back', async () => {
    const port = await freePort();
    let redis = startRedis(port);
    cleanup.push(() => redis.kill('SIGKILL'));
    await waitForRedis(port);
    const api = await startApiTest({ config: { redisUrl: `redis://127.0.0.1:${port}` } });
    cleanup.push(() => api.stop());
    const demoted = await api.actor('employee');
    const signedOut = await api.actor('customer');
    const unchanged = await api.actor('employee');
    const sockets = [demoted, signedOut, unchanged].map((actor) => {
      const live = connect(api, actor);
      const closed = new Promise<number>((resolve) =>
        live.client.on('closed', (event) => resolve((event as { code: number }).code)),
      );
      return { live, closed };
    });
    for (const { live } of sockets) await live.subscribe(Unread, {}).waitFor(1);
    for (const actor of [demoted, signedOut, unchanged]) await listening(api.app, `access:${actor.id}`);

    redis.kill('SIGKILL');
    await eventually(
      () => api.app.realtime.status().status === 'down',
      () => 'up: the server did not notice Redis going away',
      { timeoutMs: 10_000, everyMs: 50 },
    );
    // Changes made meanwhile, as another instance makes them: their access events are lost.
    await api.prisma.user.update({ where: { id: demoted.id ?? -1 }, data: { kind: 'CUSTOMER' } });
    await api.prisma.session.deleteMany({ where: { userId: signedOut.id ?? -1 } });

    redis = startRedis(port);
    await waitForRedis(port);
    const [demotedSocket, signedOutSocket, unchangedSocket] = sockets;
    const within = (ms: number) =>
      new Promise<string>((resolve) => setTimeout(() => resolve('still open'), ms));
    expect(await Promise.race([demotedSocket?.closed, within(15_000)])).toBe(4403);
    expect(await Promise.race([signedOutSocket?.closed, within(5_000)])).toBe(4403);
    // Nothing changed for the third: its socket stays open through the check.
    expect(await Promise.race([unchangedSocket?.closed, within(1_000)])).toBe('still open');
  }, 40_000);
});

function startRedis(port: number): ChildProcess {
  return spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      env: { PATH: childPath },
      stdio: 'ignore',
    },
  );
}

/** Whether Redis on `port` has a subscriber on `channel` (asked with PUBSUB NUMSUB). */
async function subscribedAt(port: number, channel: string): Promise<boolean> {
  const answer = spawnSync('redis-cli', ['-p', String(port), 'pubsub', 'numsub', channel], {
    env: { PATH: childPath },
  }).stdout?.toString();
  return Number(answer?.trim().split('\n')[1] ?? 0) > 0;
}

async function waitForRedis(port: number): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const ok = spawnSync('redis-cli', ['-p', String(port), 'ping'], {
      env: { PATH: childPath },
    }).stdout?.toString();
    if (ok?.includes('PONG')) return;
    await settle(100);
  }
  throw new Error(`redis-server on port ${port} did not start`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function cursorOf(event: { topicActivity: { __typename: string } } | undefined): number {
  const cursor = (event?.topicActivity as { cursor?: number } | undefined)?.cursor;
  if (cursor === undefined) throw new Error(`no cursor in ${JSON.stringify(event)}`);
  return cursor;
}

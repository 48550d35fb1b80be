import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type ApiTest, startApiTest } from '../support/api.ts';
import { graphql } from '../support/graphql.ts';
import { type LiveClient, liveClient, settle } from '../support/live.ts';

// Public listening figures on a fixture with known timings; the clock stands still.
const now = new Date('2026-06-15T12:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(now.getTime() - ms);

let api: ApiTest;
let customer: Actor;
let dana: Actor; // support
let eli: Actor; // billing
let waitingTopicId: string;
const live: LiveClient[] = [];

beforeAll(async () => {
  api = await startApiTest({ clock: { now: () => now } });
  // One after the other: categories list by position, then id.
  const a = await api.prisma.category.create({ data: { slug: 'accounts', name: 'Accounts' } });
  const b = await api.prisma.category.create({ data: { slug: 'banking', name: 'Banking' } });
  customer = await api.actor('customer', { handle: 'cora' });
  dana = await api.actor('employee', { handle: 'dana', department: 'support' });
  eli = await api.actor('employee', { handle: 'eli', department: 'billing' });
  const topic = async (options: {
    category?: number;
    startedAgo: number;
    answeredAfter?: number;
    by?: Actor;
    hidden?: boolean;
    author?: Actor;
  }) => {
    const createdAt = ago(options.startedAgo);
    const answered = options.answeredAfter !== undefined;
    const row = await api.prisma.topic.create({
      data: {
        slug: 't',
        title: 'A customer question',
        body: 'Please help.',
        authorId: (options.author ?? customer).id ?? -1,
        categoryId: options.category ?? a.id,
        hidden: options.hidden ?? false,
        createdAt,
        firstEmployeeResponseAt: answered
          ? new Date(createdAt.getTime() + (options.answeredAfter ?? 0))
          : null,
        firstEmployeeResponderId: answered ? (options.by?.id ?? null) : null,
        awaitingEmployeeSince: answered ? null : createdAt,
      },
    });
    return Buffer.from(`Topic:${row.id}`).toString('base64');
  };
  await topic({ startedAgo: 10 * DAY, answeredAfter: 30 * MINUTE, by: dana });
  await topic({ startedAgo: 5 * DAY, answeredAfter: 90 * MINUTE, by: dana });
  await topic({ startedAgo: 60 * DAY, answeredAfter: 600 * MINUTE, by: eli });
  await topic({ startedAgo: 20 * DAY, answeredAfter: 30 * HOUR, by: eli });
  waitingTopicId = await topic({ startedAgo: 3 * DAY });
  await topic({ startedAgo: 2 * HOUR }); // waiting, but not 48 hours yet, nor a full day old
  await topic({ startedAgo: 4 * DAY, answeredAfter: MINUTE, by: dana, hidden: true }); // nobody sees it
  await topic({ startedAgo: 4 * DAY, answeredAfter: MINUTE, by: dana, author: eli }); // not a customer's
  await topic({ category: b.id, startedAgo: DAY + HOUR, answeredAfter: 10 * MINUTE, by: eli });
});
afterAll(async () => {
  await Promise.all(live.map((client) => client.close()));
  await api?.stop();
});

const Figures = graphql(`
  query Listening {
    listening { ...Figures }
    categories { slug listening { ...Figures } }
    departments { slug listening { ...Figures } }
  }
  fragment Figures on Listening {
    medianFirstResponseMinutes30d medianFirstResponseMinutes90d answeredWithin24hShare topicsConsidered30d waitingOver48h
  }
`);

const figures = (
  m30: number | null,
  m90: number | null,
  share: number | null,
  considered: number,
  waiting: number | null,
) => ({
  medianFirstResponseMinutes30d: m30,
  medianFirstResponseMinutes90d: m90,
  answeredWithin24hShare: share,
  topicsConsidered30d: considered,
  waitingOver48h: waiting,
});

describe('listening figures', () => {
  it('are computed from public customer topics only, for the company, each category and each team, without signing in', async () => {
    const result = await api.anonymous.data(Figures);
    // Accounts: answered in 30 days after 30, 90 and 1800 minutes; 600 more within 90 days.
    // Four topics had a full day in the last 30 days, two answered within it; one waits 3 days.
    const accounts = figures(90, 345, 0.5, 4, 1);
    expect(result.categories).toEqual([
      { slug: 'accounts', listening: accounts },
      { slug: 'banking', listening: figures(10, 10, 1, 1, 0) },
    ]);
    expect(result.listening).toEqual(figures(60, 90, 0.6, 5, 1));
    const teams = Object.fromEntries(result.departments.map((team) => [team.slug, team.listening]));
    expect(teams.support).toEqual(figures(60, 60, 1, 2, null));
    // Billing answered 1800 minutes (30 days) and 600 and 10 minutes (90 days).
    expect(teams.billing).toEqual(figures(905, 600, 0.5, 2, null));
  });

  it('are sent as they are on subscribing, then again, live, when an employee answers', async () => {
    const Live = graphql(`
      subscription ListeningLive { listeningChanged(category: "accounts") { medianFirstResponseMinutes30d waitingOver48h } }
    `);
    const Team = graphql(`
      subscription ListeningTeam($team: String!) { listeningChanged(department: $team) { medianFirstResponseMinutes30d waitingOver48h } }
    `);
    const client = liveClient(api.app.url, null);
    live.push(client);
    const changes = client.subscribe(Live, {});
    const support = client.subscribe(Team, { team: 'support' });
    const billing = client.subscribe(Team, { team: 'billing' });
    // The figures now come first: each subscription listens before it reads them, so receiving
    // them means the reply below cannot fall between.
    expect((await changes.waitFor(1))[0]?.listeningChanged).toEqual({
      medianFirstResponseMinutes30d: 90,
      waitingOver48h: 1,
    });
    expect((await support.waitFor(1))[0]?.listeningChanged).toEqual({
      medianFirstResponseMinutes30d: 60,
      waitingOver48h: null,
    });
    expect((await billing.waitFor(1))[0]?.listeningChanged).toEqual({
      medianFirstResponseMinutes30d: 905,
      waitingOver48h: null,
    });
    const Reply = graphql(`
      mutation ListeningReply($topicId: ID!) {
        createPost(input: { topicId: $topicId, body: "Sorry for the wait, here is how." }) { __typename }
      }
    `);
    expect((await dana.data(Reply, { topicId: waitingTopicId })).createPost.__typename).toBe(
      'MutationCreatePostSuccess',
    );
    const [, update] = await changes.waitFor(2);
    // The 3-day wait (4320 minutes) joins 30, 90 and 1800: the median moves to 945; nobody waits.
    expect(update?.listeningChanged).toEqual({ medianFirstResponseMinutes30d: 945, waitingOver48h: 0 });
    // Dana's team: 30 and 90 minutes, now with her 3-day answer: the median moves to 90 (a
    // waiting topic belongs to no team yet, so teams have no waiting figure).
    const [, team] = await support.waitFor(2);
    expect(team?.listeningChanged).toEqual({ medianFirstResponseMinutes30d: 90, waitingOver48h: null });
    // Billing heard the same event, but its figures did not move: nothing is sent.
    await settle();
    expect(billing.received).toHaveLength(1);

    // Another anonymous reader joins the same live figures (one shared execution): it is sent
    // them as they are now, without waiting for the next change.
    const later = liveClient(api.app.url, null);
    live.push(later);
    const [now] = await later.subscribe(Live, {}).waitFor(1);
    expect(now?.listeningChanged).toEqual({ medianFirstResponseMinutes30d: 945, waitingOver48h: 0 });
  });

  it('refuses an unknown team, and a category and a team at once', async () => {
    const Both = graphql(`
      subscription ListeningBoth { listeningChanged(category: "accounts", department: "support") { waitingOver48h } }
    `);
    const Unknown = graphql(`
      subscription ListeningUnknown { listeningChanged(department: "nobody") { waitingOver48h } }
    `);
    const client = liveClient(api.app.url, null);
    live.push(client);
    await expect(client.subscribe(Both, {}).waitFor(1)).rejects.toThrow(/not both/);
    await expect(client.subscribe(Unknown, {}).waitFor(1)).rejects.toThrow(/No department nobody/);
  });
});

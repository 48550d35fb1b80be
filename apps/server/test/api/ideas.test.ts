import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type ApiTest, startApiTest } from '../support/api.ts';
import { graphql } from '../support/graphql.ts';
import { type LiveClient, listening, liveClient } from '../support/live.ts';

// Ideas with accountable statuses: only employees decide, always with a public reason, and
// everyone who cared hears about it.
let api: ApiTest;
let author: Actor;
let voter: Actor;
let follower: Actor;
let replier: Actor;
let bystander: Actor;
let employee: Actor;
let colleague: Actor;
let moderator: Actor;
const live: LiveClient[] = [];

const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');
const userId = (actor: Actor) => actor.id ?? -1;

beforeAll(async () => {
  api = await startApiTest();
  await api.prisma.category.create({ data: { slug: 'ideas', name: 'Ideas' } });
  [author, voter, follower, replier, bystander, employee, colleague, moderator] = await Promise.all([
    api.actor('customer', { handle: 'ines' }),
    api.actor('customer', { handle: 'victor' }),
    api.actor('customer', { handle: 'fay' }),
    api.actor('customer', { handle: 'ravi' }),
    api.actor('customer', { handle: 'bob' }),
    api.actor('employee', { handle: 'dana', department: 'product' }),
    api.actor('employee', { handle: 'eli', department: 'support' }),
    api.actor('customer-moderator'),
  ]);
});
afterAll(async () => {
  await Promise.all(live.map((client) => client.close()));
  await api?.stop();
});

/** An idea with a voter (who does not follow), a follower, a public replier who unfollowed, and an internal note. */
async function idea(title = 'Export invoices as CSV'): Promise<{ id: number; globalId: string }> {
  const topic = await api.prisma.topic.create({
    data: {
      slug: 'idea',
      title,
      body: 'We need this for our accountant.',
      kind: 'IDEA',
      ideaStatus: 'OPEN',
      authorId: userId(author),
      categoryId: (await api.prisma.category.findUniqueOrThrow({ where: { slug: 'ideas' } })).id,
      follows: { create: [{ userId: userId(author) }, { userId: userId(follower) }] },
      votes: { create: [{ userId: userId(voter) }, { userId: userId(author) }] },
      posts: {
        create: [
          { authorId: userId(replier), body: '+1, every month' },
          { authorId: userId(colleague), body: 'Finance asked for this too.', internal: true },
        ],
      },
    },
  });
  return { id: topic.id, globalId: globalId('Topic', topic.id) };
}

const SetStatus = graphql(`
  mutation SetIdeaStatus($input: SetIdeaStatusInput!) {
    setIdeaStatus(input: $input) {
      __typename
      ... on MutationSetIdeaStatusSuccess {
        data {
          ideaStatus
          ideaStatusHistory { fromStatus toStatus reason changelogUrl changedBy { handle title } }
        }
      }
      ... on ValidationError { problems { field message } }
      ... on ConflictError { field message }
      ... on ForbiddenError { message }
      ... on NotFoundError { message }
    }
  }
`);

const planned = 'Planned for the spring release: the export team has started on it.';

async function notified(topicId: number): Promise<string[]> {
  const rows = await api.prisma.notification.findMany({
    where: { topicId, kind: 'IDEA_STATUS' },
    select: { user: { select: { handle: true } } },
  });
  return rows.map((row) => row.user.handle).sort();
}

describe('setIdeaStatus', () => {
  it('keeps the decision with its reason and tells every voter, follower and participant, exactly', async () => {
    const topic = await idea();
    const result = await employee.data(SetStatus, {
      input: { topicId: topic.globalId, status: 'PLANNED', reason: planned },
    });
    expect(result.setIdeaStatus).toMatchObject({
      __typename: 'MutationSetIdeaStatusSuccess',
      data: {
        ideaStatus: 'PLANNED',
        ideaStatusHistory: [
          {
            fromStatus: 'OPEN',
            toStatus: 'PLANNED',
            reason: planned,
            changelogUrl: null,
            changedBy: { handle: 'dana' },
          },
        ],
      },
    });
    // Not the deciding employee, not the bystander; the colleague wrote only an internal note.
    expect(await notified(topic.id)).toEqual(['fay', 'ines', 'ravi', 'victor']);

    const shipped = await colleague.data(SetStatus, {
      input: {
        topicId: topic.globalId,
        status: 'SHIPPED',
        reason: 'Shipped in 4.2: Reports → Export → CSV.',
        changelogUrl: 'https://example.com/changelog/4-2',
      },
    });
    expect(
      shipped.setIdeaStatus.__typename === 'MutationSetIdeaStatusSuccess' &&
        shipped.setIdeaStatus.data.ideaStatusHistory.map((change) => [
          change.toStatus,
          change.changedBy.handle,
        ]),
    ).toEqual([
      ['PLANNED', 'dana'],
      ['SHIPPED', 'eli'],
    ]);
    // Each change is its own notification; this time Dana (who decided before) is not told either,
    // since she neither votes, follows nor replied in public.
    expect(await notified(topic.id)).toEqual([
      'fay',
      'fay',
      'ines',
      'ines',
      'ravi',
      'ravi',
      'victor',
      'victor',
    ]);
    const history = await bystander.data(
      graphql(
        `query History($id: ID!) { topic(id: $id) { ideaStatus ideaStatusChangedAt ideaStatusHistory { toStatus reason } } }`,
      ),
      { id: topic.globalId },
    );
    expect(history.topic?.ideaStatus).toBe('SHIPPED');
    expect(history.topic?.ideaStatusChangedAt).not.toBeNull();
    expect(history.topic?.ideaStatusHistory.map((change) => change.toStatus)).toEqual(['PLANNED', 'SHIPPED']);
  });

  it('is for employees only: customers, customer moderators and anonymous readers change nothing', async () => {
    const topic = await idea();
    const input = { topicId: topic.globalId, status: 'PLANNED' as const, reason: planned };
    for (const actor of [author, voter, moderator]) {
      expect((await actor.data(SetStatus, { input })).setIdeaStatus.__typename).toBe('ForbiddenError');
    }
    const anonymous = await api.anonymous.request(SetStatus, { input });
    expect(anonymous.data?.setIdeaStatus.__typename).toBe('ForbiddenError');
    expect(await api.prisma.ideaStatusChange.count({ where: { topicId: topic.id } })).toBe(0);
    expect((await api.prisma.topic.findUniqueOrThrow({ where: { id: topic.id } })).ideaStatus).toBe('OPEN');
    expect(await notified(topic.id)).toEqual([]);
  });

  it('refuses a short reason, a missing or bad changelog link, a non-idea and a repeat, changing nothing', async () => {
    const topic = await idea();
    const question = await api.prisma.topic.create({
      data: {
        slug: 'q',
        title: 'How do I export?',
        body: 'Where is it?',
        authorId: userId(author),
        categoryId: (await api.prisma.category.findUniqueOrThrow({ where: { slug: 'ideas' } })).id,
      },
    });
    const attempt = async (input: {
      topicId?: string;
      status: 'PLANNED' | 'SHIPPED' | 'OPEN';
      reason: string;
      changelogUrl?: string;
    }) => (await employee.data(SetStatus, { input: { topicId: topic.globalId, ...input } })).setIdeaStatus;

    expect(await attempt({ status: 'PLANNED', reason: '   too short   ' })).toMatchObject({
      __typename: 'ValidationError',
      problems: [{ field: 'input.reason', message: 'must be at least 20 characters' }],
    });
    expect(await attempt({ status: 'SHIPPED', reason: planned })).toMatchObject({
      __typename: 'ValidationError',
      problems: [{ field: 'input.changelogUrl' }],
    });
    expect(
      await attempt({ status: 'SHIPPED', reason: planned, changelogUrl: 'javascript:alert(1)' }),
    ).toMatchObject({ __typename: 'ValidationError', problems: [{ field: 'input.changelogUrl' }] });
    expect(
      await attempt({ topicId: globalId('Topic', question.id), status: 'PLANNED', reason: planned }),
    ).toMatchObject({ __typename: 'ValidationError', problems: [{ field: 'input.topicId' }] });
    expect(await attempt({ status: 'OPEN', reason: planned })).toMatchObject({
      __typename: 'ConflictError',
      field: 'input.status',
    });
    expect(
      await attempt({ topicId: globalId('Topic', 999_999), status: 'PLANNED', reason: planned }),
    ).toMatchObject({ __typename: 'NotFoundError' });

    expect(
      await api.prisma.ideaStatusChange.count({ where: { topicId: { in: [topic.id, question.id] } } }),
    ).toBe(0);
    const after = await api.prisma.topic.findUniqueOrThrow({ where: { id: topic.id } });
    expect([after.ideaStatus, after.ideaStatusChangedAt]).toEqual(['OPEN', null]);
    expect(await notified(topic.id)).toEqual([]);
  });

  it('is live on topicActivity and in the notifications of those involved', async () => {
    const topic = await idea('Dark mode');
    const Activity = graphql(`
      subscription IdeaActivity($topicId: ID!) {
        topicActivity(topicId: $topicId) {
          __typename
          ... on TopicChanged { changes topic { ideaStatus ideaStatusHistory { reason changedBy { handle } } } }
        }
      }
    `);
    const Notifications = graphql(`
      subscription IdeaNotifications { notificationAdded { notification { kind topic { title ideaStatus } } unreadCount } }
    `);
    const watcherClient = liveClient(api.app.url, bystander.token);
    const voterClient = liveClient(api.app.url, voter.token);
    live.push(watcherClient, voterClient);
    const watching = watcherClient.subscribe(Activity, { topicId: topic.globalId });
    const told = voterClient.subscribe(Notifications, {});
    await listening(api.app, `topic:${topic.id}`);
    await listening(api.app, `user:${userId(voter)}`);
    await employee.data(SetStatus, {
      input: {
        topicId: topic.globalId,
        status: 'UNDER_REVIEW',
        reason: 'The design team is looking at contrast and themes.',
      },
    });
    const [changed] = await watching.waitFor(1);
    expect(changed?.topicActivity).toEqual({
      __typename: 'TopicChanged',
      changes: ['ideaStatus'],
      topic: {
        ideaStatus: 'UNDER_REVIEW',
        ideaStatusHistory: [
          { reason: 'The design team is looking at contrast and themes.', changedBy: { handle: 'dana' } },
        ],
      },
    });
    const [notification] = await told.waitFor(1);
    expect(notification?.notificationAdded.notification).toEqual({
      kind: 'IDEA_STATUS',
      topic: { title: 'Dark mode', ideaStatus: 'UNDER_REVIEW' },
    });
  });
});

describe('the roadmap', () => {
  it('lists ideas by status, by most recent decision, and by votes', async () => {
    const first = await idea('Roadmap: first decided');
    const second = await idea('Roadmap: second decided');
    await idea('Roadmap: undecided');
    for (const topic of [first, second]) {
      await employee.data(SetStatus, {
        input: { topicId: topic.globalId, status: 'IN_PROGRESS', reason: planned },
      });
    }
    const Roadmap = graphql(`
      query Roadmap($status: IdeaStatus) {
        topics(first: 50, filter: { kind: IDEA, ideaStatus: $status }, orderBy: STATUS_CHANGED) {
          edges { node { title ideaStatus } }
        }
      }
    `);
    const inProgress = await api.anonymous.data(Roadmap, { status: 'IN_PROGRESS' });
    expect(inProgress.topics.edges.map((edge) => edge.node.title)).toEqual([
      'Roadmap: second decided',
      'Roadmap: first decided',
    ]);
    const all = await api.anonymous.data(Roadmap, { status: null });
    const titles = all.topics.edges.map((edge) => edge.node.title);
    // Decided ideas first (latest decision first); ideas never decided come after them.
    expect(titles.indexOf('Roadmap: second decided')).toBeLessThan(titles.indexOf('Roadmap: first decided'));
    expect(titles.indexOf('Roadmap: first decided')).toBeLessThan(titles.indexOf('Roadmap: undecided'));
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type ApiTest, startApiTest } from '../support/api.ts';
import { graphql } from '../support/graphql.ts';
import { type LiveClient, liveClient } from '../support/live.ts';

// Escalations customers can see: status and owner in public, the case reference never.
const CASE = 'CASE-4711-internal';

let api: ApiTest;
let author: Actor;
let other: Actor;
let employee: Actor;
let colleague: Actor;
let moderator: Actor;
const live: LiveClient[] = [];

beforeAll(async () => {
  api = await startApiTest();
  await api.prisma.category.create({ data: { slug: 'payroll', name: 'Payroll' } });
  author = await api.actor('customer', { handle: 'ana' });
  other = await api.actor('customer', { handle: 'otto' });
  employee = await api.actor('employee', { handle: 'dana', department: 'support' });
  colleague = await api.actor('employee', { handle: 'eli', department: 'payroll-team' });
  moderator = await api.actor('customer-moderator');
});
afterAll(async () => {
  await Promise.all(live.map((client) => client.close()));
  await api?.stop();
});

const Start = graphql(`
  mutation EscalationTopic($title: String!) {
    createTopic(input: { category: "payroll", title: $title, body: "Payslips show last month's rates.", kind: PROBLEM }) {
      __typename ... on MutationCreateTopicSuccess { data { id } }
    }
  }
`);

async function problem(title: string): Promise<string> {
  const result = await author.data(Start, { title });
  if (result.createTopic.__typename !== 'MutationCreateTopicSuccess')
    throw new Error(result.createTopic.__typename);
  return result.createTopic.data.id;
}

const Escalate = graphql(`
  mutation Escalate($input: EscalateTopicInput!) {
    escalateTopic(input: $input) {
      __typename
      ... on MutationEscalateTopicSuccess { data { escalation { status caseReference owner { handle } } } }
      ... on ValidationError { problems { field } }
      ... on ConflictError { field }
    }
  }
`);
const Resolve = graphql(`
  mutation Resolve($input: ResolveEscalationInput!) {
    resolveEscalation(input: $input) {
      __typename
      ... on MutationResolveEscalationSuccess { data { escalation { status resolutionSummary awaitingConfirmation } } }
      ... on ValidationError { problems { field } }
      ... on ConflictError { field }
    }
  }
`);
const Confirm = graphql(`
  mutation Confirm($topicId: ID!, $resolved: Boolean!) {
    confirmResolution(topicId: $topicId, resolved: $resolved) {
      __typename
      ... on MutationConfirmResolutionSuccess { data { status awaitingEmployee escalation { status confirmed awaitingConfirmation } } }
      ... on ConflictError { field }
    }
  }
`);
const Read = graphql(`
  query EscalationRead($id: ID!) {
    topic(id: $id) { escalation { status caseReference resolutionSummary owner { handle title } } }
  }
`);

const notificationKinds = async (handle: string, topicId: string) => {
  const id = Number(Buffer.from(topicId, 'base64').toString().split(':')[1]);
  const rows = await api.prisma.notification.findMany({
    where: { topicId: id, user: { handle } },
    orderBy: { id: 'asc' },
  });
  return rows.map((row) => row.kind);
};

describe('escalateTopic', () => {
  it('shows everyone the status and owner, and only employees the case reference, live too', async () => {
    const topicId = await problem('Payslips show old rates');
    const Activity = graphql(`
      subscription EscalationActivity($topicId: ID!, $after: Int) {
        topicActivity(topicId: $topicId, after: $after) {
          __typename ... on TopicChanged { changes topic { escalation { status caseReference owner { handle } } } }
        }
      }
    `);
    const customerClient = liveClient(api.app.url, author.token);
    const anonymousClient = liveClient(api.app.url, null);
    const employeeClient = liveClient(api.app.url, colleague.token);
    live.push(customerClient, anonymousClient, employeeClient);
    // From the cursor read before the change, as the portal subscribes: a subscription that is
    // still being set up when the change lands receives it all the same.
    const Cursor = graphql(`query EscalationCursor($id: ID!) { topic(id: $id) { activityCursor } }`);
    const after = (await author.data(Cursor, { id: topicId })).topic?.activityCursor ?? null;
    const asCustomer = customerClient.subscribe(Activity, { topicId, after });
    const asAnonymous = anonymousClient.subscribe(Activity, { topicId, after });
    const asEmployee = employeeClient.subscribe(Activity, { topicId, after });

    const escalated = await employee.data(Escalate, { input: { topicId, caseReference: ` ${CASE} ` } });
    expect(escalated.escalateTopic).toEqual({
      __typename: 'MutationEscalateTopicSuccess',
      data: { escalation: { status: 'OPEN', caseReference: CASE, owner: { handle: 'dana' } } },
    });
    for (const reader of [author, other, api.anonymous, moderator]) {
      expect((await reader.data(Read, { id: topicId })).topic?.escalation).toEqual({
        status: 'OPEN',
        caseReference: null,
        resolutionSummary: null,
        owner: { handle: 'dana', title: expect.any(String) },
      });
    }
    const publicEvent = {
      topicActivity: {
        __typename: 'TopicChanged',
        changes: ['escalation'],
        topic: { escalation: { status: 'OPEN', caseReference: null, owner: { handle: 'dana' } } },
      },
    };
    expect((await asCustomer.waitFor(1))[0]).toEqual(publicEvent);
    expect((await asAnonymous.waitFor(1))[0]).toEqual(publicEvent);
    expect((await asEmployee.waitFor(1))[0]?.topicActivity).toMatchObject({
      topic: { escalation: { caseReference: CASE } },
    });
    expect(JSON.stringify([asCustomer.received, asAnonymous.received])).not.toContain('4711');
    expect(await notificationKinds('ana', topicId)).toEqual(['ESCALATION']);

    // Nor through search or the topic's feed.
    const Search = graphql(`
      query EscalationSearch($q: String!) {
        search(query: $q) { __typename ... on QuerySearchSuccess { data { edges { cursor } } } }
      }
    `);
    const found = await author.data(Search, { q: '4711' });
    expect(found.search.__typename === 'QuerySearchSuccess' && found.search.data.edges).toEqual([]);
    const number = Buffer.from(topicId, 'base64').toString().split(':')[1];
    const feed = await fetch(new URL(`/feeds/topic/${number}.atom`, api.app.url));
    expect(feed.status).toBe(200);
    expect(await feed.text()).not.toContain('4711');
  });

  it('refuses customers, a customer as owner, and a second escalation, changing nothing', async () => {
    const topicId = await problem('Cannot export payroll');
    expect(
      (await author.data(Escalate, { input: { topicId, caseReference: CASE } })).escalateTopic.__typename,
    ).toBe('ForbiddenError');
    expect(
      (await moderator.data(Escalate, { input: { topicId, caseReference: CASE } })).escalateTopic.__typename,
    ).toBe('ForbiddenError');
    const customerOwner = Buffer.from(`Person:${other.id}`).toString('base64');
    expect(
      (await employee.data(Escalate, { input: { topicId, caseReference: CASE, owner: customerOwner } }))
        .escalateTopic,
    ).toEqual({ __typename: 'ValidationError', problems: [{ field: 'input.owner' }] });
    expect(
      (await employee.data(Escalate, { input: { topicId, caseReference: '   ' } })).escalateTopic,
    ).toEqual({ __typename: 'ValidationError', problems: [{ field: 'input.caseReference' }] });
    expect(await api.prisma.escalation.count({ where: { caseReference: CASE } })).toBe(1); // the first test's only

    const owner = Buffer.from(`Person:${colleague.id}`).toString('base64');
    const first = await employee.data(Escalate, { input: { topicId, caseReference: 'CASE-2', owner } });
    expect(first.escalateTopic).toMatchObject({ data: { escalation: { owner: { handle: 'eli' } } } });
    expect(
      (await colleague.data(Escalate, { input: { topicId, caseReference: 'CASE-3' } })).escalateTopic,
    ).toEqual({
      __typename: 'ConflictError',
      field: 'input.topicId',
    });
    expect((await employee.data(Read, { id: topicId })).topic?.escalation?.caseReference).toBe('CASE-2');
  });
});

describe('resolution', () => {
  it('asks the author “Resolved for you?”; only they (or a moderator) answer, and yes marks the topic answered', async () => {
    const topicId = await problem('Overtime missing from payslip');
    await employee.data(Escalate, { input: { topicId, caseReference: CASE } });
    expect(
      (await employee.data(Resolve, { input: { topicId, summary: 'too short' } })).resolveEscalation,
    ).toEqual({
      __typename: 'ValidationError',
      problems: [{ field: 'input.summary' }],
    });
    const summary = 'Fixed the rate table; corrected payslips were sent on Friday.';
    expect((await employee.data(Resolve, { input: { topicId, summary } })).resolveEscalation).toEqual({
      __typename: 'MutationResolveEscalationSuccess',
      data: { escalation: { status: 'RESOLVED', resolutionSummary: summary, awaitingConfirmation: true } },
    });
    expect((await employee.data(Resolve, { input: { topicId, summary } })).resolveEscalation).toEqual({
      __typename: 'ConflictError',
      field: 'input.topicId',
    });
    expect(await notificationKinds('ana', topicId)).toEqual(['ESCALATION', 'RESOLUTION_CHECK']);

    for (const someoneElse of [other, employee]) {
      expect(
        (await someoneElse.data(Confirm, { topicId, resolved: true })).confirmResolution.__typename,
      ).toBe('ForbiddenError');
    }
    expect((await api.prisma.escalation.findMany({ where: { confirmed: { not: null } } })).length).toBe(0);
    expect((await author.data(Confirm, { topicId, resolved: true })).confirmResolution).toEqual({
      __typename: 'MutationConfirmResolutionSuccess',
      data: {
        status: 'ANSWERED',
        awaitingEmployee: false,
        escalation: { status: 'RESOLVED', confirmed: true, awaitingConfirmation: false },
      },
    });
    expect((await author.data(Confirm, { topicId, resolved: true })).confirmResolution).toEqual({
      __typename: 'ConflictError',
      field: 'topicId',
    });
  });

  it('puts the case back in progress when the author says no', async () => {
    const topicId = await problem('Holiday pay wrong');
    await employee.data(Escalate, { input: { topicId, caseReference: CASE } });
    await employee.data(Resolve, {
      input: { topicId, summary: 'Recalculated holiday pay for March and April.' },
    });
    const moderatorAnswer = await moderator.data(Confirm, { topicId, resolved: false });
    expect(moderatorAnswer.confirmResolution).toMatchObject({
      data: {
        status: 'OPEN',
        escalation: { status: 'IN_PROGRESS', confirmed: null, awaitingConfirmation: false },
      },
    });
  });
});

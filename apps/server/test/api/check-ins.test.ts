import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type ApiTest, startApiTest, TEST_PASSWORD } from '../support/api.ts';
import { graphql } from '../support/graphql.ts';

// "Still happening?" a month after a fix: the clock is injected and moved, nobody waits.
const start = new Date('2026-03-01T09:00:00.000Z');
let now = start;
const DAY = 86_400_000;
/** Moves the clock; sessions expire meanwhile, so everyone signs in again. */
async function later(ms: number): Promise<void> {
  now = new Date(now.getTime() + ms);
  author = await signInAgain('mira');
  other = await signInAgain('noor');
  employee = await signInAgain('dana');
}

const SignIn = graphql(`
  mutation CheckInSignIn($login: String!, $password: String!) {
    signIn(input: { login: $login, password: $password }) { __typename ... on MutationSignInSuccess { data { token } } }
  }
`);

async function signInAgain(handle: string): Promise<Actor> {
  const result = await api.anonymous.data(SignIn, { login: handle, password: TEST_PASSWORD });
  if (result.signIn.__typename !== 'MutationSignInSuccess') throw new Error(result.signIn.__typename);
  return api.withToken(result.signIn.data.token);
}

let api: ApiTest;
let author: Actor;
let other: Actor;
let employee: Actor;

beforeAll(async () => {
  api = await startApiTest({ clock: { now: () => now } });
  await api.prisma.category.create({ data: { slug: 'sync', name: 'Sync' } });
  author = await api.actor('customer', { handle: 'mira' });
  other = await api.actor('customer', { handle: 'noor' });
  employee = await api.actor('employee', { handle: 'dana' });
});
afterAll(() => api?.stop());

const Start = graphql(`
  mutation CheckInTopic($kind: TopicKind!) {
    createTopic(input: { category: "sync", title: "Bank sync fails every night", body: "Since Monday.", kind: $kind }) {
      __typename ... on MutationCreateTopicSuccess { data { id } }
    }
  }
`);
const Fixed = graphql(`
  mutation Fixed($topicId: ID!) {
    markProblemFixed(topicId: $topicId) {
      __typename
      ... on MutationMarkProblemFixedSuccess { data { status awaitingEmployee checkIn { dueAt awaitingAnswer } } }
      ... on ConflictError { field }
    }
  }
`);
const Answer = graphql(`
  mutation AnswerCheckIn($topicId: ID!, $yes: Boolean!) {
    answerCheckIn(topicId: $topicId, stillHappening: $yes) {
      __typename
      ... on MutationAnswerCheckInSuccess { data { status awaitingEmployee checkIn { stillHappening awaitingAnswer } } }
      ... on ConflictError { field }
    }
  }
`);
const Inbox = graphql(`
  query CheckInInbox { topics(first: 50, orderBy: OLDEST_AWAITING) { edges { node { id } } } }
`);

async function topic(kind: 'PROBLEM' | 'QUESTION' | 'IDEA'): Promise<string> {
  const result = await author.data(Start, { kind });
  if (result.createTopic.__typename !== 'MutationCreateTopicSuccess')
    throw new Error(result.createTopic.__typename);
  return result.createTopic.data.id;
}

const inbox = async () => (await employee.data(Inbox)).topics.edges.map((edge) => edge.node.id);
const checkInNotifications = (handle: string) =>
  api.prisma.notification.count({ where: { kind: 'CHECK_IN', user: { handle } } });

describe('check-ins', () => {
  it('ask the author a month after a fix; “yes” reopens the topic and puts it back in the inbox', async () => {
    const topicId = await topic('PROBLEM');
    const Reply = graphql(`
      mutation CheckInReply($topicId: ID!) {
        createPost(input: { topicId: $topicId, body: "Fixed in tonight's release." }) { __typename ... on Error { message } }
      }
    `);
    expect((await employee.data(Reply, { topicId })).createPost.__typename).toBe('MutationCreatePostSuccess');
    expect(await inbox()).not.toContain(topicId);

    expect((await author.data(Fixed, { topicId })).markProblemFixed.__typename).toBe('ForbiddenError');
    const fixed = await employee.data(Fixed, { topicId });
    expect(fixed.markProblemFixed).toEqual({
      __typename: 'MutationMarkProblemFixedSuccess',
      data: {
        status: 'ANSWERED',
        awaitingEmployee: false,
        checkIn: { dueAt: new Date(now.getTime() + 30 * DAY).toISOString(), awaitingAnswer: false },
      },
    });

    await later(29 * DAY);
    expect(await api.app.askDueCheckIns()).toBe(0);
    expect((await author.data(Answer, { topicId, yes: true })).answerCheckIn).toEqual({
      __typename: 'ConflictError',
      field: 'topicId',
    });
    await later(DAY + 60_000);
    expect(await api.app.askDueCheckIns()).toBe(1);
    expect(await api.app.askDueCheckIns()).toBe(0); // asked once, never twice
    expect(await checkInNotifications('mira')).toBe(1);
    expect(await checkInNotifications('noor')).toBe(0);

    expect((await other.data(Answer, { topicId, yes: true })).answerCheckIn.__typename).toBe(
      'ForbiddenError',
    );
    expect((await author.data(Answer, { topicId, yes: true })).answerCheckIn).toEqual({
      __typename: 'MutationAnswerCheckInSuccess',
      data: {
        status: 'OPEN',
        awaitingEmployee: true,
        checkIn: { stillHappening: true, awaitingAnswer: false },
      },
    });
    expect(await inbox()).toContain(topicId);
    expect((await author.data(Answer, { topicId, yes: false })).answerCheckIn.__typename).toBe(
      'ConflictError',
    );

    // The next employee reply takes it out of the inbox again.
    expect((await employee.data(Reply, { topicId })).createPost).toEqual({
      __typename: 'MutationCreatePostSuccess',
    });
    expect(await inbox()).not.toContain(topicId);
  });

  it('“no” closes the question and changes nothing else', async () => {
    const topicId = await topic('PROBLEM');
    await employee.data(Fixed, { topicId });
    await later(31 * DAY);
    expect(await api.app.askDueCheckIns()).toBe(1);
    expect((await author.data(Answer, { topicId, yes: false })).answerCheckIn).toEqual({
      __typename: 'MutationAnswerCheckInSuccess',
      data: {
        status: 'ANSWERED',
        awaitingEmployee: false,
        checkIn: { stillHappening: false, awaitingAnswer: false },
      },
    });
  });

  it('follow a shipped idea too, and only problems can be marked fixed', async () => {
    const question = await topic('QUESTION');
    expect((await employee.data(Fixed, { topicId: question })).markProblemFixed).toEqual({
      __typename: 'ConflictError',
      field: 'topicId',
    });
    const idea = await topic('IDEA');
    const Ship = graphql(`
      mutation ShipForCheckIn($topicId: ID!) {
        setIdeaStatus(input: { topicId: $topicId, status: SHIPPED, reason: "Shipped in 5.1 with nightly retries.", changelogUrl: "https://example.com/5-1" }) {
          __typename ... on MutationSetIdeaStatusSuccess { data { checkIn { dueAt } } }
        }
      }
    `);
    expect((await employee.data(Ship, { topicId: idea })).setIdeaStatus).toEqual({
      __typename: 'MutationSetIdeaStatusSuccess',
      data: { checkIn: { dueAt: new Date(now.getTime() + 30 * DAY).toISOString() } },
    });
  });
});

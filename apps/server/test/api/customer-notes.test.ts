import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type ApiTest, startApiTest } from '../support/api.ts';
import { graphql } from '../support/graphql.ts';

// Relationship memory: notes about a customer are for employees, never for the customer.
let api: ApiTest;
let customer: Actor;
let otherCustomer: Actor;
let employee: Actor;
let colleague: Actor;
let moderator: Actor;

beforeAll(async () => {
  api = await startApiTest();
  customer = await api.actor('customer', { handle: 'kim' });
  otherCustomer = await api.actor('customer', { handle: 'lou' });
  employee = await api.actor('employee', { handle: 'dana' });
  colleague = await api.actor('employee', { handle: 'eli' });
  moderator = await api.actor('customer-moderator');
});
afterAll(() => api?.stop());

const Add = graphql(`
  mutation AddNote($input: AddCustomerNoteInput!) {
    addCustomerNote(input: $input) {
      __typename
      ... on MutationAddCustomerNoteSuccess { data { body author { handle } } }
      ... on ValidationError { problems { field } }
    }
  }
`);
const Read = graphql(
  `query Notes { person(handle: "kim") { handle employeeNotes { body author { handle } } } }`,
);
const kim = () => Buffer.from(`Person:${customer.id}`).toString('base64');

describe('customer notes', () => {
  it('are kept by employees and read by employees only, newest first', async () => {
    const first = await employee.data(Add, { input: { personId: kim(), body: 'Prefers email to calls.' } });
    expect(first.addCustomerNote).toEqual({
      __typename: 'MutationAddCustomerNoteSuccess',
      data: { body: 'Prefers email to calls.', author: { handle: 'dana' } },
    });
    await colleague.data(Add, { input: { personId: kim(), body: '  Renewal is in May.  ' } });
    expect((await employee.data(Read)).person?.employeeNotes).toEqual([
      { body: 'Renewal is in May.', author: { handle: 'eli' } },
      { body: 'Prefers email to calls.', author: { handle: 'dana' } },
    ]);
    for (const reader of [customer, otherCustomer, moderator, api.anonymous]) {
      expect((await reader.data(Read)).person).toEqual({ handle: 'kim', employeeNotes: null });
    }
  });

  it('refuse everyone but employees, an empty body and an unknown person, writing nothing', async () => {
    const before = await api.prisma.customerNote.count();
    for (const writer of [customer, otherCustomer, moderator]) {
      const result = await writer.data(Add, { input: { personId: kim(), body: 'Looks at my notes' } });
      expect(result.addCustomerNote.__typename).toBe('ForbiddenError');
    }
    expect((await employee.data(Add, { input: { personId: kim(), body: '   ' } })).addCustomerNote).toEqual({
      __typename: 'ValidationError',
      problems: [{ field: 'input.body' }],
    });
    const nobody = Buffer.from('Person:999999').toString('base64');
    expect(
      (await employee.data(Add, { input: { personId: nobody, body: 'Hello' } })).addCustomerNote.__typename,
    ).toBe('NotFoundError');
    expect(await api.prisma.customerNote.count()).toBe(before);
  });
});

describe('the customer timeline', () => {
  it('shows employees everything in one list, newest first, and nobody else anything', async () => {
    await api.prisma.category.create({ data: { slug: 'timeline', name: 'Timeline' } });
    const Start = graphql(`
      mutation TimelineTopic {
        createTopic(input: { category: "timeline", title: "Invoices are late", body: "Since May.", kind: PROBLEM }) {
          __typename ... on MutationCreateTopicSuccess { data { id } }
        }
      }
    `);
    const started = await customer.data(Start);
    if (started.createTopic.__typename !== 'MutationCreateTopicSuccess') throw new Error('no topic');
    const topicId = started.createTopic.data.id;
    const Reply = graphql(`
      mutation TimelineReply($topicId: ID!, $body: String!, $internal: Boolean) {
        createPost(input: { topicId: $topicId, body: $body, internal: $internal }) { __typename }
      }
    `);
    await customer.data(Reply, { topicId, body: 'Still late today.' });
    await employee.data(Reply, { topicId, body: 'Known billing batch issue.', internal: true });
    const Escalate = graphql(`
      mutation TimelineEscalate($topicId: ID!) { escalateTopic(input: { topicId: $topicId, caseReference: "BILL-9" }) { __typename } }
    `);
    await employee.data(Escalate, { topicId });
    const other = await api.prisma.topic.create({
      data: {
        slug: 'idea',
        title: 'Dark mode',
        body: 'Please',
        kind: 'IDEA',
        authorId: otherCustomer.id ?? -1,
        categoryId: (await api.prisma.category.findUniqueOrThrow({ where: { slug: 'timeline' } })).id,
      },
    });
    const Vote = graphql(`mutation TimelineVote($topicId: ID!) { vote(topicId: $topicId) { __typename } }`);
    expect(
      (await customer.data(Vote, { topicId: Buffer.from(`Topic:${other.id}`).toString('base64') })).vote
        .__typename,
    ).toBe('MutationVoteSuccess');

    const Timeline = graphql(`
      query Timeline { person(handle: "kim") { timeline(first: 20) { kind at topic { title } post { body internal } escalation { caseReference } } } }
    `);
    const timeline = (await employee.data(Timeline)).person?.timeline ?? [];
    expect(timeline.map((entry) => entry.kind).sort()).toEqual([
      'CUSTOMER_NOTE',
      'CUSTOMER_NOTE',
      'ESCALATED',
      'INTERNAL_NOTE',
      'REPLIED',
      'TOPIC_STARTED',
      'VOTED',
    ]);
    const times = timeline.map((entry) => new Date(entry.at).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(timeline.find((entry) => entry.kind === 'INTERNAL_NOTE')?.post).toEqual({
      body: 'Known billing batch issue.',
      internal: true,
    });
    expect(timeline.find((entry) => entry.kind === 'ESCALATED')?.escalation).toEqual({
      caseReference: 'BILL-9',
    });
    expect(timeline.find((entry) => entry.kind === 'VOTED')?.topic).toEqual({ title: 'Dark mode' });
    for (const reader of [customer, otherCustomer, moderator, api.anonymous]) {
      expect((await reader.data(Timeline)).person?.timeline).toBeNull();
    }
  });
});

describe('asking for nothing but the outcome', () => {
  it('can be added asking for nothing but the outcome', async () => {
    const Bare = graphql(`
      mutation AddNoteBare($input: AddCustomerNoteInput!) {
        addCustomerNote(input: $input) { __typename }
      }
    `);
    const result = await employee.data(Bare, { input: { personId: kim(), body: 'Asked for a call back.' } });
    expect(result.addCustomerNote.__typename).toBe('MutationAddCustomerNoteSuccess');
    expect((await employee.data(Read)).person?.employeeNotes?.[0]?.body).toBe('Asked for a call back.');
    // The same for lists read for nothing but their length (Prisma refuses an empty select).
    const BareLists = graphql(`
      query BareLists {
        categories { __typename } departments { __typename } tags { __typename }
        topics(first: 2) { edges { node { __typename } } }
        person(handle: "kim") { employeeNotes { __typename } }
      }
    `);
    const lists = await employee.data(BareLists);
    expect(lists.person?.employeeNotes?.length).toBeGreaterThan(0);
    expect(lists.departments.length).toBeGreaterThan(0);
  });
});

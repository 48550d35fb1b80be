import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type ApiTest, startApiTest } from '../support/api.ts';
import { graphql, type ResultOf } from '../support/graphql.ts';

// People, departments and timelines. The clock is fixed (and only moves forward when a test
// moves it), so "the last 90 days" is exact.
const start = new Date('2026-03-02T12:00:00.000Z');
let now = start;
const clock = { now: () => now };
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const ago = (ms: number) => new Date(start.getTime() - ms);

let api: ApiTest;
let categoryId: number;
const statements: string[] = [];

beforeAll(async () => {
  api = await startApiTest({ clock, onQuery: (sql) => statements.push(sql) });
  categoryId = (await api.prisma.category.create({ data: { slug: 'banking', name: 'Banking' } })).id;
  // Positions first, then names: support, billing, Customer Success, quiet.
  await api.prisma.department.createMany({
    data: [
      { slug: 'quiet', name: 'Quiet team', position: 2 },
      { slug: 'success', name: 'Customer Success', position: 1 },
      { slug: 'support', name: 'Support', position: 0, description: 'Answers first.' },
      { slug: 'billing', name: 'Billing', position: 1 },
    ],
  });
});
afterAll(() => api?.stop());

function userId(actor: Actor): number {
  if (actor.id === null) throw new Error('anonymous');
  return actor.id;
}

/** A topic written straight to the database, optionally with its first employee response. */
async function topic(
  authorId: number,
  options: {
    title?: string;
    createdAt?: Date;
    lastActivityAt?: Date;
    hidden?: boolean;
    firstResponse?: { by: number; afterMinutes: number };
  } = {},
) {
  const createdAt = options.createdAt ?? ago(DAY);
  const firstAt = options.firstResponse
    ? new Date(createdAt.getTime() + options.firstResponse.afterMinutes * MINUTE)
    : null;
  const row = await api.prisma.topic.create({
    data: {
      slug: 'a-topic',
      title: options.title ?? 'A topic',
      body: 'Something happened.',
      authorId,
      categoryId,
      hidden: options.hidden ?? false,
      createdAt,
      lastActivityAt: options.lastActivityAt ?? firstAt ?? createdAt,
      firstEmployeeResponseAt: firstAt,
      firstEmployeeResponderId: options.firstResponse?.by ?? null,
      awaitingEmployeeSince: firstAt ? null : createdAt,
    },
  });
  if (options.firstResponse && firstAt) await post(row.id, options.firstResponse.by, { createdAt: firstAt });
  return row;
}

async function post(
  topicId: number,
  authorId: number,
  options: { createdAt?: Date; internal?: boolean; hidden?: boolean; deleted?: boolean } = {},
) {
  return api.prisma.post.create({
    data: {
      topicId,
      authorId,
      body: 'A reply.',
      createdAt: options.createdAt ?? ago(DAY),
      internal: options.internal ?? false,
      hidden: options.hidden ?? false,
      deletedAt: options.deleted ? ago(DAY) : null,
    },
  });
}

const PersonPage = graphql(`
  query PersonPage($handle: String!) {
    person(handle: $handle) {
      id handle displayName kind isEmployee role bio
      title expertise avatarUrl pronouns location
      department { slug name }
      stats { answersGiven acceptedAnswers topicsJoined medianFirstResponseMinutes }
    }
  }
`);

describe('a person’s public face', () => {
  it('shows an employee’s profile, and nothing of the kind for a customer', async () => {
    const dana = await api.actor('employee', { handle: 'dana', displayName: 'Dana Whitfield' });
    await api.prisma.employeeProfile.update({
      where: { userId: userId(dana) },
      data: {
        title: 'Support Lead',
        expertise: ['bank feeds', 'payroll'],
        avatarUrl: 'https://example.com/dana.png',
        pronouns: 'she/her',
        location: 'Leeds',
      },
    });
    await api.actor('customer', { handle: 'maria_c', displayName: 'Maria Rossi' });

    const employee = (await api.anonymous.data(PersonPage, { handle: 'dana' })).person;
    expect(employee).toMatchObject({
      handle: 'dana',
      displayName: 'Dana Whitfield',
      kind: 'EMPLOYEE',
      isEmployee: true,
      role: 'MEMBER',
      title: 'Support Lead',
      expertise: ['bank feeds', 'payroll'],
      avatarUrl: 'https://example.com/dana.png',
      pronouns: 'she/her',
      location: 'Leeds',
      department: { slug: 'support', name: 'Support' },
      stats: { answersGiven: 0, acceptedAnswers: 0, topicsJoined: 0, medianFirstResponseMinutes: null },
    });

    const customer = (await api.anonymous.data(PersonPage, { handle: 'maria_c' })).person;
    expect(customer).toMatchObject({
      kind: 'CUSTOMER',
      isEmployee: false,
      title: null,
      expertise: null,
      avatarUrl: null,
      pronouns: null,
      location: null,
      department: null,
      stats: null,
    });
  });

  it('finds people by handle, with or without @ and in any case, and answers null for unknown handles', async () => {
    expect((await api.anonymous.data(PersonPage, { handle: '@Dana' })).person?.handle).toBe('dana');
    expect((await api.anonymous.data(PersonPage, { handle: 'nobody_here' })).person).toBeNull();
  });

  it('hides a former employee’s profile: it stays stored, but they are a customer now', async () => {
    const former = await api.actor('employee', { handle: 'former' });
    await api.prisma.user.update({ where: { id: userId(former) }, data: { kind: 'CUSTOMER' } });
    const person = (await api.anonymous.data(PersonPage, { handle: 'former' })).person;
    expect(person).toMatchObject({ isEmployee: false, title: null, department: null, stats: null });
  });

  it('never offers an email or a password hash', async () => {
    const response = await fetch(api.app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __type(name: "Person") { fields { name } } }' }),
    });
    const body = (await response.json()) as { data: { __type: { fields: { name: string }[] } } };
    const names = body.data.__type.fields.map((field) => field.name);
    expect(names).toContain('handle');
    expect(names.filter((name) => /mail|password|hash/i.test(name))).toEqual([]);
  });
});

describe('an employee’s figures', () => {
  it('counts public replies, accepted answers and topics joined, with the median first response of 90 days', async () => {
    const sam = userId(await api.actor('employee', { handle: 'sam' }));
    const customer = userId(await api.actor('customer'));
    // First responses of 10, 20 and 60 minutes within the window: the median is 20.
    const answered = await topic(customer, {
      createdAt: ago(DAY),
      firstResponse: { by: sam, afterMinutes: 10 },
    });
    await topic(customer, { createdAt: ago(30 * DAY), firstResponse: { by: sam, afterMinutes: 20 } });
    await topic(customer, { createdAt: ago(89 * DAY), firstResponse: { by: sam, afterMinutes: 60 } });
    // Older than 90 days: their replies count, their response times do not (else the median is 10).
    await topic(customer, { createdAt: ago(91 * DAY), firstResponse: { by: sam, afterMinutes: 1 } });
    await topic(customer, { createdAt: ago(200 * DAY), firstResponse: { by: sam, afterMinutes: 2 } });
    // A hidden topic counts for nothing.
    await topic(customer, {
      createdAt: ago(2 * DAY),
      hidden: true,
      firstResponse: { by: sam, afterMinutes: 1 },
    });
    // A second reply in a topic: one more answer, no more topics joined.
    const second = await post(answered.id, sam);
    await api.prisma.topic.update({ where: { id: answered.id }, data: { acceptedAnswerId: second.id } });
    // Internal notes, hidden and deleted replies are not answers.
    const other = await topic(customer, { createdAt: ago(3 * DAY) });
    await post(other.id, sam, { internal: true });
    await post(other.id, sam, { hidden: true });
    await post(other.id, sam, { deleted: true });

    const stats = (await api.anonymous.data(PersonPage, { handle: 'sam' })).person?.stats;
    expect(stats).toEqual({
      answersGiven: 6,
      acceptedAnswers: 1,
      topicsJoined: 5,
      medianFirstResponseMinutes: 20,
    });
  });

  it('lists an employee’s newest public answers, never notes, hidden or deleted replies, nor hidden topics', async () => {
    const RecentAnswers = graphql(`
      query RecentAnswers($handle: String!, $first: Int) {
        person(handle: $handle) { recentAnswers(first: $first) { body createdAt topic { title } } }
      }
    `);
    // In a department no other test counts the people of.
    const rae = userId(await api.actor('employee', { handle: 'rae', department: 'success' }));
    const customerActor = await api.actor('customer', { handle: 'quinn' });
    const customer = userId(customerActor);
    const open = await topic(customer, { title: 'Open' });
    const hidden = await topic(customer, { title: 'Hidden', hidden: true });
    for (const [days, options] of [
      [5, {}],
      [4, { internal: true }],
      [3, { hidden: true }],
      [2, { deleted: true }],
      [1, {}],
    ] as const) {
      await post(open.id, rae, { ...options, createdAt: ago(days * DAY) });
    }
    await post(hidden.id, rae, { createdAt: ago(0.5 * DAY) });
    await post(open.id, customer, { createdAt: ago(0.5 * DAY) });

    for (const reader of [api.anonymous, await api.actor('employee', { department: 'success' })]) {
      const answers = (await reader.data(RecentAnswers, { handle: 'rae', first: 5 })).person?.recentAnswers;
      expect(answers?.map((answer) => answer.createdAt)).toEqual(
        [ago(DAY), ago(5 * DAY)].map((at) => at.toISOString()),
      );
      expect(answers?.every((answer) => answer.topic.title === 'Open')).toBe(true);
    }
    expect(
      (await api.anonymous.data(RecentAnswers, { handle: 'rae', first: 1 })).person?.recentAnswers,
    ).toHaveLength(1);
    expect((await api.anonymous.data(RecentAnswers, { handle: 'quinn' })).person?.recentAnswers).toEqual([]);
  });

  it('does not take an internal note for a first response or an answer (written through the API)', async () => {
    const CreateTopic = graphql(`
      mutation PeopleCreateTopic($input: CreateTopicInput!) {
        createTopic(input: $input) { __typename ... on MutationCreateTopicSuccess { data { id } } }
      }
    `);
    const Reply = graphql(`
      mutation PeopleReply($input: CreatePostInput!) {
        createPost(input: $input) { __typename }
      }
    `);
    const TopicTiming = graphql(`
      query TopicTiming($id: ID!) { topic(id: $id) { firstResponseMinutes firstEmployeeResponder { handle } } }
    `);
    const customer = await api.actor('customer');
    const lee = await api.actor('employee', { handle: 'lee', department: 'success' });
    const created = await customer.data(CreateTopic, {
      input: { category: 'banking', title: 'Payroll run failed', body: 'It says error 42.' },
    });
    if (created.createTopic.__typename !== 'MutationCreateTopicSuccess')
      throw new Error(JSON.stringify(created));
    const topicId = created.createTopic.data.id;

    now = new Date(now.getTime() + 5 * MINUTE);
    await lee.data(Reply, { input: { topicId, body: 'Looks like PAY-17 again.', internal: true } });
    now = new Date(now.getTime() + 30 * MINUTE);
    await lee.data(Reply, { input: { topicId, body: 'Fixed: please run it again.' } });

    expect((await customer.data(TopicTiming, { id: topicId })).topic).toEqual({
      firstResponseMinutes: 35,
      firstEmployeeResponder: { handle: 'lee' },
    });
    expect((await api.anonymous.data(PersonPage, { handle: 'lee' })).person?.stats).toEqual({
      answersGiven: 1,
      acceptedAnswers: 0,
      topicsJoined: 1,
      medianFirstResponseMinutes: 35,
    });
  });
});

const People = graphql(`
  query People($filter: PeopleFilter, $first: Int, $after: String) {
    people(filter: $filter, first: $first, after: $after) {
      edges { cursor node { handle displayName kind department { slug } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

describe('the people directory', () => {
  beforeAll(async () => {
    await api.actor('employee', { handle: 'bea', displayName: 'Bea Billing', department: 'billing' });
    await api.actor('employee', { handle: 'abe', displayName: 'Abe Billing', department: 'billing' });
    await api.actor('employee', { handle: 'twin_one', displayName: 'Twin Billing', department: 'billing' });
    await api.actor('employee', { handle: 'twin_two', displayName: 'Twin Billing', department: 'billing' });
  });

  it('filters to one department’s employees, by name and then id, with its slug or its id', async () => {
    const bySlug = await api.anonymous.data(People, { filter: { department: 'billing' }, first: 10 });
    expect(bySlug.people.edges.map((edge) => edge.node.handle)).toEqual([
      'abe',
      'bea',
      'twin_one',
      'twin_two',
    ]);
    const Departments = graphql(`query DepartmentIds { departments { id slug } }`);
    const billing = (await api.anonymous.data(Departments)).departments.find((d) => d.slug === 'billing');
    const byId = await api.anonymous.data(People, { filter: { department: billing?.id ?? '' }, first: 10 });
    expect(byId.people.edges.map((edge) => edge.node.handle)).toEqual(['abe', 'bea', 'twin_one', 'twin_two']);
    const none = await api.anonymous.data(People, { filter: { department: 'billing', kind: 'CUSTOMER' } });
    expect(none.people.edges).toEqual([]);
    const unknown = await api.anonymous.data(People, { filter: { department: 'nowhere' } });
    expect(unknown.people.edges).toEqual([]);
  });

  it('filters by kind, and lists everyone by default', async () => {
    const all = await api.anonymous.data(People, { first: 100 });
    const customers = await api.anonymous.data(People, { filter: { kind: 'CUSTOMER' }, first: 100 });
    const employees = await api.anonymous.data(People, { filter: { kind: 'EMPLOYEE' }, first: 100 });
    expect(customers.people.edges.every((edge) => edge.node.kind === 'CUSTOMER')).toBe(true);
    expect(employees.people.edges.every((edge) => edge.node.kind === 'EMPLOYEE')).toBe(true);
    expect(customers.people.edges).toHaveLength(await api.prisma.user.count({ where: { kind: 'CUSTOMER' } }));
    expect(employees.people.edges).toHaveLength(await api.prisma.user.count({ where: { kind: 'EMPLOYEE' } }));
    expect(all.people.edges).toHaveLength(await api.prisma.user.count());
    const expected = await api.prisma.user.findMany({
      orderBy: [{ displayName: 'asc' }, { id: 'asc' }],
      select: { handle: true },
    });
    expect(all.people.edges.map((edge) => edge.node.handle)).toEqual(expected.map((user) => user.handle));
  });

  it('pages with first/after through everyone, in the same order, without repeats', async () => {
    const all = await api.anonymous.data(People, { first: 100 });
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: ResultOf<typeof People> = await api.anonymous.data(People, { first: 3, after });
      expect(page.people.edges.length).toBeLessThanOrEqual(3);
      seen.push(...page.people.edges.map((edge) => edge.node.handle));
      after = page.people.pageInfo.hasNextPage ? (page.people.pageInfo.endCursor ?? null) : null;
      pages += 1;
    } while (after !== null && pages < 100);
    expect(seen).toEqual(all.people.edges.map((edge) => edge.node.handle));
    expect(pages).toBe(Math.ceil(seen.length / 3));
  });
});

describe('departments', () => {
  it('are listed by position then name, with their employees by name and their 90-day figures', async () => {
    const Departments = graphql(`
      query Departments {
        departments {
          slug name description
          employees { handle }
          stats { topicsAnswered90d medianFirstResponseMinutes90d answersGiven90d }
        }
      }
    `);
    const { departments } = await api.anonymous.data(Departments);
    expect(departments.map((department) => department.slug)).toEqual([
      'support',
      'billing',
      'success',
      'quiet',
    ]);
    const [support, billing, , quiet] = departments;
    expect(billing?.employees.map((person) => person.handle)).toEqual(['abe', 'bea', 'twin_one', 'twin_two']);
    expect(support?.description).toBe('Answers first.');
    // Support's first responses in the window are Sam's (10, 20, 60 minutes); its answers in the
    // window are Sam's public replies written in the last 90 days (4; two are older).
    expect(support?.employees.map((person) => person.handle)).toEqual(['dana', 'sam']);
    expect(support?.stats).toEqual({
      topicsAnswered90d: 3,
      medianFirstResponseMinutes90d: 20,
      answersGiven90d: 4,
    });
    expect(quiet).toMatchObject({
      employees: [],
      stats: { topicsAnswered90d: 0, medianFirstResponseMinutes90d: null, answersGiven90d: 0 },
    });
  });
});

const Timeline = graphql(`
  query Timeline($handle: String!, $first: Int, $after: String) {
    person(handle: $handle) {
      conversations(first: $first, after: $after) {
        edges {
          node {
            startedByThem theirReplyCount lastActivityAt
            topic { title hidden }
            employees { handle }
          }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

describe('a customer’s conversations with the company', () => {
  let maria: Actor;
  let tom: Actor;
  let agent: Actor;

  beforeAll(async () => {
    maria = await api.actor('customer', { handle: 'maria' });
    tom = await api.actor('customer', { handle: 'tom' });
    agent = await api.actor('employee', { handle: 'agent', department: 'success' });
    const noter = await api.actor('employee', { handle: 'noter', department: 'success' });
    const [mariaId, tomId, agentId, noterId] = [userId(maria), userId(tom), userId(agent), userId(noter)];
    // Hers, answered by an employee in public and discussed by another in an internal note.
    const asked = await topic(mariaId, {
      title: 'Asked by Maria',
      createdAt: ago(10 * DAY),
      lastActivityAt: ago(2 * DAY),
      firstResponse: { by: agentId, afterMinutes: 15 },
    });
    await post(asked.id, mariaId, { createdAt: ago(3 * DAY) });
    await post(asked.id, mariaId, { createdAt: ago(2 * DAY) });
    await post(asked.id, noterId, { internal: true });
    await post(asked.id, agentId, { createdAt: ago(2 * DAY) });
    // Tom's, where she replied: newer activity, so first.
    const joined = await topic(tomId, {
      title: 'Asked by Tom',
      createdAt: ago(5 * DAY),
      lastActivityAt: ago(DAY),
    });
    await post(joined.id, mariaId, { createdAt: ago(DAY) });
    // Hers, hidden by a moderator: gone for her, still there for employees.
    await topic(mariaId, {
      title: 'Hidden one',
      createdAt: ago(4 * DAY),
      lastActivityAt: ago(4 * DAY),
      hidden: true,
    });
    // Where her only reply was removed, or is a reply she never made: not hers.
    const removed = await topic(tomId, { title: 'Removed reply', lastActivityAt: ago(DAY / 2) });
    await post(removed.id, mariaId, { deleted: true });
    await topic(tomId, { title: 'Not hers', lastActivityAt: ago(DAY / 4) });
  });

  it('shows her own timeline, newest activity first, with whom she talked to', async () => {
    const result = await maria.data(Timeline, { handle: 'maria', first: 10 });
    expect(result.person?.conversations?.edges.map((edge) => edge.node)).toEqual([
      {
        startedByThem: false,
        theirReplyCount: 1,
        lastActivityAt: ago(DAY).toISOString(),
        topic: { title: 'Asked by Tom', hidden: false },
        employees: [],
      },
      {
        startedByThem: true,
        theirReplyCount: 2,
        lastActivityAt: ago(2 * DAY).toISOString(),
        topic: { title: 'Asked by Maria', hidden: false },
        employees: [{ handle: 'agent' }],
      },
    ]);
  });

  it('shows it to employees, with hidden topics and the employees who only wrote internal notes', async () => {
    const result = await agent.data(Timeline, { handle: 'maria', first: 10 });
    expect(
      result.person?.conversations?.edges.map((edge) => [
        edge.node.topic.title,
        edge.node.employees.map((person) => person.handle),
      ]),
    ).toEqual([
      ['Asked by Tom', []],
      ['Asked by Maria', ['agent', 'noter']],
      ['Hidden one', []],
    ]);
  });

  it('is null for anonymous readers and for other customers', async () => {
    expect((await api.anonymous.data(Timeline, { handle: 'maria', first: 10 })).person).toEqual({
      conversations: null,
    });
    expect((await tom.data(Timeline, { handle: 'maria', first: 10 })).person).toEqual({
      conversations: null,
    });
  });

  it('pages with first/after', async () => {
    const first = await agent.data(Timeline, { handle: 'maria', first: 2 });
    expect(first.person?.conversations?.pageInfo.hasNextPage).toBe(true);
    const rest = await agent.data(Timeline, {
      handle: 'maria',
      first: 2,
      after: first.person?.conversations?.pageInfo.endCursor ?? null,
    });
    expect(rest.person?.conversations?.edges.map((edge) => edge.node.topic.title)).toEqual(['Hidden one']);
    expect(rest.person?.conversations?.pageInfo.hasNextPage).toBe(false);
  });
});

describe('the SQL a list of people costs', () => {
  const PeopleWithStats = graphql(`
    query PeopleWithStats($first: Int!) {
      people(first: $first, filter: { department: "crowd" }) {
        edges {
          node {
            handle title expertise department { name }
            stats { answersGiven acceptedAnswers topicsJoined medianFirstResponseMinutes }
          }
        }
      }
    }
  `);

  beforeAll(async () => {
    const customer = userId(await api.actor('customer'));
    for (let index = 0; index < 20; index += 1) {
      const id = userId(
        await api.actor('employee', {
          handle: `crowd_${index}`,
          displayName: `Crowd ${index}`,
          department: 'crowd',
        }),
      );
      await topic(customer, {
        createdAt: ago((index + 1) * DAY),
        firstResponse: { by: id, afterMinutes: index + 1 },
      });
    }
  });

  async function count<T>(run: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
    statements.length = 0;
    const result = await run();
    return { result, statements: [...statements] };
  }

  it('is the same for 20 people with their stats as for 5: one statement for all their figures', async () => {
    const small = await count(() => api.anonymous.data(PeopleWithStats, { first: 5 }));
    const large = await count(() => api.anonymous.data(PeopleWithStats, { first: 20 }));
    expect(small.result.people.edges).toHaveLength(5);
    expect(large.result.people.edges).toHaveLength(20);
    expect(large.result.people.edges.map((edge) => edge.node.stats?.medianFirstResponseMinutes)).toEqual(
      // By name: "Crowd 0", "Crowd 1", "Crowd 10", ... each answered their one topic in index + 1 minutes.
      large.result.people.edges.map((edge) => Number(edge.node.handle.slice('crowd_'.length)) + 1),
    );
    expect(large.statements.length).toBe(small.statements.length);
    expect(large.statements.filter((sql) => sql.includes('percentile_cont'))).toHaveLength(1);
  });

  it('is one statement for every employee’s figures and one for every department’s, however many', async () => {
    const Everything = graphql(`
      query Everything {
        departments { stats { topicsAnswered90d } employees { stats { answersGiven } } }
      }
    `);
    const run = await count(() => api.anonymous.data(Everything));
    expect(run.result.departments.length).toBeGreaterThan(3);
    // One for the employees' figures, one for the departments'.
    expect(run.statements.filter((sql) => sql.includes('percentile_cont'))).toHaveLength(2);
    expect(run.statements.length).toBeLessThanOrEqual(5);
  });
});

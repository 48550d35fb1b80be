import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type ApiTest, startApiTest } from './support/api.ts';
import { graphql } from './support/graphql.ts';

const CreateTopic = graphql(`
  mutation FeedTopic($input: CreateTopicInput!) {
    createTopic(input: $input) { __typename ... on MutationCreateTopicSuccess { data { id } } ... on Error { message } }
  }
`);
const Reply = graphql(`
  mutation FeedReply($input: CreatePostInput!) {
    createPost(input: $input) { __typename ... on MutationCreatePostSuccess { data { id } } ... on Error { message } }
  }
`);
const HideTopic = graphql(
  `mutation FeedHideTopic($id: ID!) { hideTopic(topicId: $id, on: true) { __typename } }`,
);
const HidePost = graphql(
  `mutation FeedHidePost($id: ID!) { hidePost(postId: $id, on: true) { __typename } }`,
);

let api: ApiTest;
let customer: Actor;
let employee: Actor;
let publicTopic: string;
let publicNumber: number;
let hiddenNumber: number;

const numberOf = (globalId: string) => Number(Buffer.from(globalId, 'base64').toString().split(':')[1]);
const feedUrl = (path: string) => new URL(path, api.app.url).toString();

async function topic(title: string, body: string, category = 'banking') {
  const result = await customer.data(CreateTopic, { input: { category, title, body, kind: 'QUESTION' } });
  if (result.createTopic.__typename !== 'MutationCreateTopicSuccess') throw new Error(JSON.stringify(result));
  return result.createTopic.data.id;
}
async function reply(author: Actor, topicId: string, body: string, internal = false) {
  const result = await author.data(Reply, { input: { topicId, body, internal } });
  if (result.createPost.__typename !== 'MutationCreatePostSuccess') throw new Error(JSON.stringify(result));
  return result.createPost.data.id;
}

async function fetchFeed(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(feedUrl(path), { headers });
  const text = await response.text();
  return { response, text };
}

/** Fetches, checks the XML is well formed, and parses it with a real feed parser. */
async function read(path: string) {
  const { response, text } = await fetchFeed(path);
  expect(response.status, text).toBe(200);
  expect(XMLValidator.validate(text)).toBe(true);
  return { response, text, feed: parseFeed(text) };
}

beforeAll(async () => {
  api = await startApiTest();
  await api.prisma.category.createMany({
    data: [
      { slug: 'banking', name: 'Banking & feeds' },
      { slug: 'payroll', name: 'Payroll' },
    ],
  });
  customer = await api.actor('customer', { displayName: 'Maria <Rossi> & Co' });
  employee = await api.actor('employee', { handle: 'dana_support', displayName: 'Dana Whitfield' });
  publicTopic = await topic('Bank feed "stopped" <syncing> & more', 'Since Monday \u0001 nothing comes in.');
  publicNumber = numberOf(publicTopic);
  await reply(employee, publicTopic, 'Reconnect under Bank → Manage.');
  await reply(employee, publicTopic, 'SECRET internal: customer on legacy plan', true);
  const hiddenReply = await reply(customer, publicTopic, 'spam reply to be hidden');
  await employee.data(HidePost, { id: hiddenReply });
  const hidden = await topic('Hidden spam topic', 'buy now');
  hiddenNumber = numberOf(hidden);
  await reply(employee, hidden, 'employee reply in a hidden topic');
  await employee.data(HideTopic, { id: hidden });
  await topic('Payslips missing', 'Where are my payslips?', 'payroll');
});
afterAll(() => api?.stop());

describe('feeds', () => {
  it('latest topics, as RSS 2.0 and Atom, valid and escaped', async () => {
    const rss = await read('/feeds/latest.rss');
    expect(rss.response.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    expect(rss.feed.meta.type).toBe('rss');
    expect(rss.feed.items.map((item) => item.title)).toEqual([
      'Payslips missing',
      'Bank feed "stopped" <syncing> & more',
    ]);
    expect(rss.feed.self).toBe(feedUrl('/feeds/latest.rss'));
    const item = rss.feed.items[1];
    expect(item?.url).toMatch(new RegExp(`^http://localhost:3000/t/${publicNumber}/[a-z0-9-]+$`));
    expect(item?.authors[0]?.name).toBe('Maria <Rossi> & Co');

    const atom = await read('/feeds/latest.atom');
    expect(atom.response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect(atom.feed.meta.type).toBe('atom');
    expect(atom.feed.items).toHaveLength(2);
    expect(atom.feed.items[1]?.content).toContain('nothing comes in');
  });

  it('per category, per topic and per employee', async () => {
    const category = await read('/feeds/category/payroll.atom');
    expect(category.feed.title).toBe('Parley: Payroll');
    expect(category.feed.items.map((item) => item.title)).toEqual(['Payslips missing']);

    const thread = await read(`/feeds/topic/${publicNumber}.rss`);
    expect(thread.feed.items.map((item) => item.description)).toEqual(['Reconnect under Bank → Manage.']);

    const answers = await read('/feeds/employee/dana_support.atom');
    expect(answers.feed.items.map((item) => item.content)).toEqual(['Reconnect under Bank → Manage.']);
  });

  it('carries public content only: no internal notes, hidden replies or hidden topics', async () => {
    const paths = [
      '/feeds/latest.rss',
      '/feeds/latest.atom',
      '/feeds/category/banking.rss',
      `/feeds/topic/${publicNumber}.atom`,
      '/feeds/employee/dana_support.rss',
    ];
    for (const path of paths) {
      const { text } = await read(path);
      expect(text, path).not.toMatch(/SECRET internal|spam reply|Hidden spam topic|hidden topic/);
    }
    expect((await fetchFeed(`/feeds/topic/${hiddenNumber}.rss`)).response.status).toBe(404);
  });

  it('answers 404 for what does not exist or is not an employee', async () => {
    for (const path of [
      '/feeds/category/nope.rss',
      '/feeds/topic/999999.atom',
      '/feeds/topic/abc.rss',
      `/feeds/employee/${customer.handle}.rss`,
      '/feeds/latest.json',
    ]) {
      expect((await fetchFeed(path)).response.status, path).toBe(404);
    }
  });

  it('answers 304 to a reader that has the current version, and 200 once it changes', async () => {
    const first = await read('/feeds/category/banking.rss');
    const etag = first.response.headers.get('etag') ?? '';
    const lastModified = first.response.headers.get('last-modified') ?? '';
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(new Date(lastModified).getTime()).not.toBeNaN();

    const byTag = await fetchFeed('/feeds/category/banking.rss', { 'if-none-match': etag });
    expect(byTag.response.status).toBe(304);
    expect(byTag.text).toBe('');
    const byDate = await fetchFeed('/feeds/category/banking.rss', { 'if-modified-since': lastModified });
    expect(byDate.response.status).toBe(304);

    await topic('A brand new banking question', 'Hello?');
    const changed = await fetchFeed('/feeds/category/banking.rss', { 'if-none-match': etag });
    expect(changed.response.status).toBe(200);
    expect(changed.response.headers.get('etag')).not.toBe(etag);
  });

  it('any site may read them (CORS)', async () => {
    const { response } = await fetchFeed('/feeds/latest.atom', { origin: 'https://reader.example' });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });
});

import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** Every seeded demo account's password. */
export const DEMO_PASSWORD = 'parley-demo';
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface GraphQLResult<Data> {
  data?: Data;
  errors?: Array<{ message: string }>;
}

export interface CreatedTopic {
  id: string;
  slug: string;
  /** Its address in the portal, `/t/<number>/<slug>`. */
  path: string;
}

export interface Actor {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors in the page; a test expects none. */
  problems: string[];
}

/**
 * The people of a browser test over the seeded demo data: requests straight to the server (as a
 * script would send them) and browser contexts at a width, signed in through the portal's form.
 */
export function portalActors(options: {
  /** Read when used: the server and the portal start after the helpers are made. */
  apiUrl: () => string;
  portalUrl: () => string;
  browser: () => Browser;
}) {
  async function api<Data>(
    query: string,
    variables: Record<string, unknown> = {},
    token?: string,
  ): Promise<Data> {
    const response = await fetch(options.apiUrl(), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const result = (await response.json()) as GraphQLResult<Data>;
    if (result.errors?.length || !result.data) throw new Error(JSON.stringify(result.errors));
    return result.data;
  }

  async function tokenFor(login: string): Promise<string> {
    const data = await api<{ signIn: { data?: { token: string } } }>(
      `mutation($login: String!, $password: String!) { signIn(input: { login: $login, password: $password }) {
        ... on MutationSignInSuccess { data { token } } } }`,
      { login, password: DEMO_PASSWORD },
    );
    if (!data.signIn.data) throw new Error(`could not sign in ${login}`);
    return data.signIn.data.token;
  }

  async function createTopic(
    token: string,
    kind: 'QUESTION' | 'IDEA' | 'PROBLEM',
    title: string,
    body = 'It would help our bakery a lot.',
  ): Promise<CreatedTopic> {
    const data = await api<{ createTopic: { data?: { id: string; slug: string } } }>(
      `mutation($title: String!, $kind: TopicKind!, $body: String!) { createTopic(input: { category: "banking",
        title: $title, body: $body, kind: $kind }) { ... on MutationCreateTopicSuccess { data { id slug } } } }`,
      { title, kind, body },
      token,
    );
    if (!data.createTopic.data) throw new Error(`could not create ${title}`);
    const { id, slug } = data.createTopic.data;
    return { id, slug, path: `/t/${Buffer.from(id, 'base64').toString().split(':')[1]}/${slug}` };
  }

  async function reply(token: string, topicId: string, body: string): Promise<string> {
    const data = await api<{ createPost: { data?: { id: string } } }>(
      `mutation($input: CreatePostInput!) { createPost(input: $input) {
        ... on MutationCreatePostSuccess { data { id } } } }`,
      { input: { topicId, body } },
      token,
    );
    if (!data.createPost.data) throw new Error('could not reply');
    return data.createPost.data.id;
  }

  async function newContext(width = 1280): Promise<Actor> {
    const context = await options.browser().newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    return { context, page, problems };
  }

  async function signIn(page: Page, login: string): Promise<void> {
    await page.goto(`${options.portalUrl()}/sign-in`);
    await page.getByLabel('Email or handle').fill(login);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  }

  /** A signed-in (or, without a login, anonymous) reader on a page whose live socket is up. */
  async function openLive(path: string, login?: string, width = 1280): Promise<Actor> {
    const actor = await newContext(width);
    if (login) await signIn(actor.page, login);
    await actor.page.goto(`${options.portalUrl()}${path}`);
    await actor.page.getByText('Live', { exact: true }).waitFor();
    return actor;
  }

  return { api, tokenFor, createTopic, reply, newContext, signIn, openLive };
}

/** axe-core's serious and critical findings on the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run(): Promise<AxeResults> } }).axe.run(),
  );
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
}

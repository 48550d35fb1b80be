import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserUnavailable } from '../support/browser.ts';
import { usePortalWorld } from '../support/portal-world.ts';

// The main flows with the keyboard only: Tab, Shift+Tab, Enter, Space, arrows and typing; never
// a click. Every control the keyboard lands on must show where the focus is.

const DEMO_PASSWORD = 'parley-demo';
const SHOTS = 'test-results/keyboard';

/** What the focused element is, as a reader of the test would name it. */
interface Focused {
  tag: string;
  name: string;
  href: string | null;
  /** The focus ring: a visible outline or a box shadow. */
  indicator: boolean;
  /** On screen, not clipped to nothing. */
  visible: boolean;
}

function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) {
      return { tag: 'body', name: '', href: null, indicator: false, visible: false };
    }
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    const labels = (element as HTMLInputElement).labels;
    const name = (
      element.getAttribute('aria-label') ??
      (labels && labels.length > 0 ? labels[0]?.textContent : null) ??
      element.textContent ??
      ''
    )
      .replace(/\s+/g, ' ')
      .trim();
    return {
      tag: element.tagName.toLowerCase(),
      name,
      href: element.getAttribute('href'),
      indicator:
        (style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0) ||
        style.boxShadow !== 'none',
      visible: box.width > 1 && box.height > 1 && box.bottom > 0 && box.right > 0,
    };
  });
}

/**
 * Presses Tab (or Shift+Tab) until the focus is on what `matches` describes, checking the focus
 * indicator of every control passed on the way. Fails after `limit` presses.
 */
async function tabTo(
  page: Page,
  matches: (element: Focused) => boolean,
  options: { backwards?: boolean; limit?: number } = {},
): Promise<Focused> {
  const passed: string[] = [];
  for (let press = 0; press < (options.limit ?? 80); press++) {
    await page.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab');
    const element = await focused(page);
    if (element.tag !== 'body' && element.tag !== 'main') {
      expect(element.indicator, `no visible focus on <${element.tag}> "${element.name}"`).toBe(true);
    }
    if (matches(element)) return element;
    passed.push(`${element.tag} "${element.name.slice(0, 40)}"`);
  }
  throw new Error(`Tab never reached the control; it passed: ${passed.join(', ')}`);
}

const named =
  (tag: string, name: string | RegExp) =>
  (element: Focused): boolean =>
    element.tag === tag && (typeof name === 'string' ? element.name === name : name.test(element.name));

async function api<Data>(query: string, variables: Record<string, unknown>, token?: string): Promise<Data> {
  const response = await fetch(world.app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const result = (await response.json()) as { data?: Data; errors?: unknown[] };
  if (!result.data || result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

const world = usePortalWorld({ shots: SHOTS });

describe.skipIf(browserUnavailable)('the portal with the keyboard only', () => {
  it('skips to the content, signs in, starts a topic, replies, searches and reads a notification', async () => {
    const context = await world.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    const title = `Keyboard only: exporting the ledger ${Date.now().toString(36)}`;

    // The first Tab on a page is the skip link: visible when focused, and it moves the focus to the content.
    await page.goto(world.portal.url);
    const skip = await tabTo(page, () => true, { limit: 1 });
    expect(skip).toMatchObject({
      tag: 'a',
      name: 'Skip to content',
      href: '#main',
      indicator: true,
      visible: true,
    });
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    // Sign in: from the header, then the form; Shift+Tab goes back to fix the login.
    await page.keyboard.press('Shift+Tab');
    await tabTo(page, named('a', 'Sign in'));
    await Promise.all([page.waitForURL('**/sign-in'), page.keyboard.press('Enter')]);
    await tabTo(page, named('input', 'Email or handle'));
    await page.keyboard.type('nobody-yet');
    await tabTo(page, named('input', 'Password'));
    await page.keyboard.type(DEMO_PASSWORD);
    await tabTo(page, named('input', 'Email or handle'), { backwards: true });
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('maria_bakes');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    // Start a topic: pick the kind with the arrow keys, the category with the keyboard too.
    await tabTo(page, named('a', 'Ask the community'));
    await Promise.all([page.waitForURL('**/new'), page.keyboard.press('Enter')]);
    const kind = await tabTo(page, (element) => element.tag === 'input');
    expect(kind.indicator).toBe(true);
    const chosen = () => page.evaluate(() => (document.activeElement as HTMLInputElement).value);
    for (let press = 0; press < 5 && (await chosen()) !== 'IDEA'; press++)
      await page.keyboard.press('ArrowRight');
    expect(await chosen()).toBe('IDEA');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).checked)).toBe(true);
    await tabTo(page, named('input', 'Title'));
    await page.keyboard.type(title);
    await tabTo(page, named('select', /.+/));
    await page.keyboard.press('ArrowDown');
    await tabTo(page, named('textarea', /.*/));
    await page.keyboard.type('Please let me **export** the whole ledger as CSV, with one row per entry.');
    await tabTo(page, named('button', /^(Post|Start|Publish|Share)/));
    await Promise.all([page.waitForURL('**/t/**'), page.keyboard.press('Enter')]);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();

    // Reply: the reply box's text area, then the button, pressed with Space.
    await tabTo(page, named('textarea', 'Reply (Markdown)'), { limit: 120 });
    await page.keyboard.type('One more thing: dates in ISO format, please.');
    await tabTo(page, named('button', 'Post reply'));
    await page.keyboard.press('Space');
    await page.getByText('dates in ISO format, please.').first().waitFor();

    // Someone answers: a notification for the author.
    const [, number] = /\/t\/(\d+)\//.exec(page.url()) ?? [];
    const topicId = Buffer.from(`Topic:${number}`).toString('base64');
    const dana = await api<{ signIn: { data: { token: string } } }>(
      'mutation($login: String!, $password: String!) { signIn(input: { login: $login, password: $password }) { ... on MutationSignInSuccess { data { token } } } }',
      { login: 'dana', password: DEMO_PASSWORD },
    );
    const answered = await api<{ createPost: { __typename: string } }>(
      'mutation($input: CreatePostInput!) { createPost(input: $input) { __typename } }',
      { input: { topicId, body: 'We are on it: CSV export is planned.' } },
      dana.signIn.data.token,
    );
    expect(answered.createPost.__typename).toBe('MutationCreatePostSuccess');

    // Indexing takes a moment: wait until the API's search finds the topic.
    await expect
      .poll(
        async () =>
          (
            await api<{
              search: { data?: { edges: Array<{ node: { topic?: { title: string } | null } }> } };
            }>(
              'query($q: String!) { search(query: $q, filter: { types: [TOPIC] }) { ... on QuerySearchSuccess { data { edges { node { ... on TopicHit { topic { title } } } } } } } }',
              { q: 'exporting the ledger' },
            )
          ).search.data?.edges.some((edge) => edge.node.topic?.title === title),
        { timeout: 20_000 },
      )
      .toBe(true);

    // Search: back up to the header's link, the box, Enter, then the result.
    await tabTo(page, named('a', 'Search'), { backwards: true, limit: 150 });
    await Promise.all([page.waitForURL('**/search'), page.keyboard.press('Enter')]);
    await tabTo(page, named('input', 'Search topics, replies and people'));
    await page.keyboard.type('exporting the ledger');
    await Promise.all([page.waitForURL('**/search?q=*'), page.keyboard.press('Enter')]);
    const result = await tabTo(
      page,
      (element) => element.tag === 'a' && element.name.includes('Keyboard only'),
    );
    expect(result.href).toContain(`/t/${number}/`);

    // Notifications: the header's badge, then mark that one read.
    await tabTo(page, (element) => element.tag === 'a' && element.name.startsWith('Notifications'), {
      backwards: true,
    });
    await Promise.all([page.waitForURL('**/notifications'), page.keyboard.press('Enter')]);
    // The header's badge: gone at zero.
    const unread = () =>
      page.evaluate(() =>
        Number(document.querySelector('[data-testid="unread-count"]')?.textContent?.replace(/\D/g, '') ?? 0),
      );
    const unreadBefore = await unread();
    expect(unreadBefore).toBeGreaterThan(0);
    const markOne = await tabTo(page, named('button', /^Mark read: Keyboard only/));
    expect(markOne.visible).toBe(true);
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => page.getByRole('button', { name: /^Mark read: Keyboard only/ }).count())
      .toBe(0);
    await expect.poll(unread).toBe(unreadBefore - 1);

    await page.screenshot({ path: `${SHOTS}/notifications-1280.png`, fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);
});

if (browserUnavailable) console.warn(`[parley tests] browser tests skipped: ${browserUnavailable}`);

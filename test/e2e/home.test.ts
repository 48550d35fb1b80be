import { mkdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { browserUnavailable } from '../support/browser.ts';
import { portalActors } from '../support/portal-actors.ts';
import { usePortalWorld } from '../support/portal-world.ts';

// The whole product as `npm start` runs it: the server on a freshly seeded database, the
// built portal in production mode, a real browser.

const world = usePortalWorld();
const { tokenFor, createTopic, reply, newContext, signIn, openLive } = portalActors({
  apiUrl: () => world.app.url,
  portalUrl: () => world.portal.url,
  browser: () => world.browser,
});

async function latestTitles(count: number): Promise<string[]> {
  const response = await fetch(world.app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `{ topics(first: ${count}) { edges { node { title } } } }` }),
  });
  const result = (await response.json()) as {
    data: { topics: { edges: Array<{ node: { title: string } }> } };
  };
  return result.data.topics.edges.map((edge) => edge.node.title);
}

describe('the portal home page', () => {
  it('is rendered on the server with the latest topics from the API, newest first', async () => {
    const titles = await latestTitles(5);
    expect(titles).toHaveLength(5);
    const response = await fetch(world.portal.url);
    expect(response.status).toBe(200);
    const html = await response.text();
    const positions = titles.map((title) => html.indexOf(escapeHtml(title)));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  describe.skipIf(browserUnavailable)('in Chromium', () => {
    it('shows the demo community without errors', async () => {
      const page = await world.browser.newPage({ viewport: { width: 1280, height: 900 } });
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
      await page.goto(world.portal.url);
      const [newest] = await latestTitles(1);
      await expect
        .poll(() =>
          page
            .getByText(newest ?? '')
            .first()
            .isVisible(),
        )
        .toBe(true);
      expect(await page.locator('.topic-row').count()).toBe(20);
      await mkdir('test-results', { recursive: true });
      await page.screenshot({ path: 'test-results/home.png', fullPage: true });
      expect(problems).toEqual([]);
    });
  });
});

describe('long lists and long conversations', () => {
  it('the home page pages on: the next 20 conversations, none repeated; a cursor the API refuses leads back to the first page', async () => {
    const titles = await latestTitles(40);
    const first = await (await fetch(world.portal.url)).text();
    const next = /<a href="([^"]+)" rel="next">Older conversations/
      .exec(first)?.[1]
      ?.replaceAll('&amp;', '&');
    expect(next).toMatch(/^\/\?after=/);
    const second = await (await fetch(new URL(next ?? '', world.portal.url))).text();
    const shown = (html: string) => titles.map((title) => html.includes(`>${escapeHtml(title)}<`));
    expect(shown(first)).toEqual(titles.map((_title, index) => index < 20));
    expect(shown(second)).toEqual(titles.map((_title, index) => index >= 20));
    expect(second).toContain('First page');

    for (const cursor of ['garbage', 'not%20a%20cursor!']) {
      const refused = await fetch(`${world.portal.url}/?after=${cursor}`, { redirect: 'manual' });
      expect(refused.status).toBe(307);
      expect(new URL(refused.headers.get('location') ?? '', world.portal.url).pathname).toBe('/');
    }
  });

  describe.skipIf(browserUnavailable)('in Chromium', () => {
    it('a conversation past 100 replies: the rest on request, a link to a later reply loads up to it, new replies wait behind unread ones', async () => {
      const stamp = Date.now().toString(36);
      const maria = await tokenFor('maria_bakes');
      const tom = await tokenFor('tom-plumbing');
      const topic = await createTopic(maria, 'QUESTION', `A long conversation about payroll ${stamp}`);
      // Tom mentions Maria each time: mentions are one notification each (replies would gather into one).
      for (let number = 1; number <= 104; number++)
        await reply(
          number % 2 ? tom : maria,
          topic.id,
          number % 2 ? `Reply number ${number}, @maria_bakes.` : `Reply number ${number}.`,
        );

      const reader = await openLive(topic.path);
      const posts = reader.page.getByTestId('post');
      expect(await posts.count()).toBe(100);
      expect(await reader.page.locator('#replies-heading').textContent()).toBe('104 replies');
      const more = reader.page.getByRole('button', { name: /^Show \d+ more repl/ });
      expect(await more.textContent()).toBe('Show 4 more replies');

      // A reply posted now belongs after the four unread ones: counted, not shown out of order.
      const latest = await reply(tom, topic.id, 'Reply number 105.');
      await expect.poll(() => more.textContent()).toBe('Show 5 more replies');
      expect(await posts.count()).toBe(100);
      await more.click();
      await expect.poll(() => posts.count(), { timeout: 15_000 }).toBe(105);
      expect(await more.count()).toBe(0);
      expect((await posts.allTextContents()).map((text) => /Reply number (\d+)/.exec(text)?.[1])).toEqual(
        Array.from({ length: 105 }, (_each, index) => String(index + 1)),
      );
      // Live again at the end: the next reply appears at once.
      await reply(maria, topic.id, 'Reply number 106.');
      await expect.poll(() => posts.count()).toBe(106);

      // The author's notifications page on (52 mentions and a reply from Tom), and the newest
      // one, a link to a reply past the first hundred, loads the conversation up to it.
      const linked = await newContext();
      await signIn(linked.page, 'maria_bakes');
      await linked.page.goto(`${world.portal.url}/notifications`);
      await linked.page.getByRole('link', { name: 'Older notifications →' }).waitFor();
      const anchor = `post-${Buffer.from(latest, 'base64').toString().split(':')[1]}`;
      await linked.page.locator(`a[href$="#${anchor}"]`).first().click();
      await expect.poll(() => linked.page.locator(`#${anchor}`).isVisible(), { timeout: 15_000 }).toBe(true);
      await expect.poll(() => linked.page.locator(`#${anchor}`).evaluate(inViewport)).toBe(true);

      // The viewer's own reply goes at the end, after everything before it is loaded.
      const author = await openLive(topic.path, 'maria_bakes');
      await author.page.getByLabel('Reply (Markdown)').fill('Thanks, everyone: solved.');
      await author.page.getByRole('button', { name: 'Post reply' }).click();
      const authorPosts = author.page.getByTestId('post');
      await expect.poll(() => authorPosts.count(), { timeout: 15_000 }).toBe(107);
      expect(await authorPosts.last().textContent()).toContain('Thanks, everyone: solved.');
      await mkdir('test-results', { recursive: true });
      await reader.page.screenshot({ path: 'test-results/long-conversation.png', fullPage: false });
      for (const actor of [reader, linked, author]) {
        expect(actor.problems).toEqual([]);
        await actor.context.close();
      }
    });
  });
});

if (browserUnavailable) console.warn(`[parley tests] browser tests skipped: ${browserUnavailable}`);

function inViewport(element: Element): boolean {
  const { top, bottom } = element.getBoundingClientRect();
  return top >= 0 && bottom <= window.innerHeight + 1 && top < window.innerHeight;
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll("'", '&#x27;')
    .replaceAll('"', '&quot;');
}

import { mkdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { browserUnavailable } from '../support/browser.ts';
import { usePortalWorld } from '../support/portal-world.ts';

// The whole product as `npm start` runs it: the server on a freshly seeded database, the
// built portal in production mode, a real browser.

const world = usePortalWorld();

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

if (browserUnavailable) console.warn(`[parley tests] browser tests skipped: ${browserUnavailable}`);

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll("'", '&#x27;')
    .replaceAll('"', '&quot;');
}

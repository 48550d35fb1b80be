import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserUnavailable } from '../support/browser.ts';
import { portalActors, seriousViolations } from '../support/portal-actors.ts';
import { usePortalWorld } from '../support/portal-world.ts';

// Authors edit their words in place, the team moves topics, teams' figures move live on /people,
// and a month after a fix the author is asked "Still happening?". The built portal against a
// real server on the seeded demo data, with the server's clock injected so a month can pass.
/** How far the server's clock is ahead of the real one. */
let clockOffset = 0;

const SHOTS = 'test-results/editing';
const DAY = 86_400_000;
const { api, tokenFor, createTopic, reply, newContext, signIn, openLive } = portalActors({
  apiUrl: () => world.app.url,
  portalUrl: () => world.portal.url,
  browser: () => world.browser,
});

const postLocator = (page: Page, postId: string) =>
  page.locator(`#post-${Buffer.from(postId, 'base64').toString().split(':')[1]}`);
const shoot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });

const world = usePortalWorld({ shots: SHOTS, clock: { now: () => new Date(Date.now() + clockOffset) } });

describe.skipIf(browserUnavailable)('editing, moving and check-ins in Chromium', () => {
  it('an author edits a reply and the topic in place; readers see the edit live, and the history', async () => {
    const stamp = Date.now().toString(36);
    const maria = await tokenFor('maria_bakes');
    const topic = await createTopic(maria, 'QUESTION', `Bank feed shows payments twice ${stamp}`);
    const original = 'The duplicates started after I reconnected the account on Monday.';
    const mariaPost = await reply(maria, topic.id, original);
    const tomPost = await reply(await tokenFor('tom-plumbing'), topic.id, 'Same here since Monday.');

    const reader = await openLive(topic.path, undefined, 390);
    const author = await openLive(topic.path, 'maria_bakes');
    const own = postLocator(author.page, mariaPost);
    // Only one's own posts can be edited.
    expect(await postLocator(author.page, tomPost).getByRole('button', { name: 'Edit reply' }).count()).toBe(
      0,
    );
    expect(await reader.page.getByRole('button', { name: /^Edit/ }).count()).toBe(0);

    // An empty body: the server's ValidationError shows by the field, and nothing changes.
    await own.getByRole('button', { name: 'Edit reply' }).click();
    const editor = own.getByLabel('Your reply (Markdown)');
    expect(await editor.inputValue()).toBe(original);
    await editor.fill('   ');
    await own.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => editor.getAttribute('aria-invalid')).toBe('true');
    const errorId = await editor.getAttribute('aria-describedby');
    expect(errorId).toBeTruthy();
    expect(await author.page.locator(`[id="${errorId}"]`).textContent()).toMatch(/\S/);
    const unchanged = await api<{ node: { body: string; editedAt: string | null } }>(
      'query($id: ID!) { node(id: $id) { ... on Post { body editedAt } } }',
      { id: mariaPost },
    );
    expect(unchanged.node).toEqual({ body: original, editedAt: null });

    // A proper edit, previewed through the portal's Markdown renderer first.
    const edited = 'Fixed: the duplicates went away after **renewing the bank connection**.';
    await editor.fill(edited);
    await own.getByRole('tab', { name: 'Preview' }).click();
    await own.locator('.preview strong', { hasText: 'renewing the bank connection' }).waitFor();
    await shoot(author.page, 'edit-reply-preview-1280');
    expect(await seriousViolations(author.page)).toEqual([]);
    await own.getByRole('button', { name: 'Save changes' }).click();
    // The editor gives way to the new text, never to the old one.
    await own.getByRole('form', { name: 'Edit your reply' }).waitFor({ state: 'detached' });
    expect(await own.locator('.prose strong').textContent()).toBe('renewing the bank connection');
    expect(await own.textContent()).not.toContain(original);

    // The reader's page follows live: the new text and the "edited" mark, no reload.
    const readerPost = postLocator(reader.page, mariaPost);
    await readerPost
      .locator('.prose strong', { hasText: 'renewing the bank connection' })
      .waitFor({ timeout: 15_000 });
    expect(await readerPost.textContent()).not.toContain(original);
    const mark = readerPost.getByRole('button', { name: 'edited' });
    await mark.waitFor();
    expect(await mark.getAttribute('aria-expanded')).toBe('false');

    // Anyone can read the history: the original, who replaced it and when.
    await mark.click();
    await expect.poll(() => mark.getAttribute('aria-expanded')).toBe('true');
    const history = readerPost.getByTestId('post-history');
    await history.getByText(original).waitFor();
    expect(await history.textContent()).toContain('Original · replaced by Maria');
    await shoot(reader.page, 'edit-history-reader-390');
    expect(await seriousViolations(reader.page)).toEqual([]);

    // The topic: a two-letter title is refused by the field; a proper one shows everywhere.
    await author.page.getByRole('button', { name: 'Edit topic' }).click();
    const title = author.page.getByLabel('Title', { exact: true });
    await title.fill('ab');
    await author.page
      .getByRole('form', { name: 'Edit your topic' })
      .getByRole('button', { name: 'Save changes' })
      .click();
    await expect.poll(() => title.getAttribute('aria-invalid')).toBe('true');
    const titleErrorId = await title.getAttribute('aria-describedby');
    expect(await author.page.locator(`[id="${titleErrorId}"]`).textContent()).toMatch(/3/);
    await shoot(author.page, 'edit-topic-error-1280');
    expect(await seriousViolations(author.page)).toEqual([]);
    const newTitle = `Bank feed showed payments twice (fixed) ${stamp}`;
    await title.fill(newTitle);
    await author.page
      .getByLabel('Topic text (Markdown)')
      .fill('It was the **old connection**; renewing it fixed it.');
    await author.page
      .getByRole('form', { name: 'Edit your topic' })
      .getByRole('button', { name: 'Save changes' })
      .click();
    await author.page.getByRole('form', { name: 'Edit your topic' }).waitFor({ state: 'detached' });
    expect(await author.page.getByRole('heading', { level: 1 }).textContent()).toBe(newTitle);
    expect(await author.page.locator('.post-opening .prose strong').textContent()).toBe('old connection');
    expect(await author.page.locator('.topic-meta').textContent()).toContain('edited');
    await reader.page.getByRole('heading', { level: 1, name: newTitle }).waitFor({ timeout: 15_000 });
    await reader.page.locator('.post-opening .prose strong', { hasText: 'old connection' }).waitFor();
    expect(await reader.page.locator('.topic-meta').textContent()).toContain('edited');
    // The topic's earlier title and text, for anyone.
    const topicMark = reader.page.locator('.topic-meta').getByRole('button', { name: 'edited' });
    await topicMark.click();
    const topicHistory = reader.page.locator('#topic-history');
    await topicHistory.getByText('Original · replaced by').waitFor();
    expect(await topicHistory.locator('.history-title').first().textContent()).toBe(
      `Bank feed shows payments twice ${stamp}`,
    );
    expect(await seriousViolations(reader.page)).toEqual([]);
    await shoot(author.page, 'edited-topic-author-1280');
    await shoot(reader.page, 'edited-topic-reader-390');

    expect([...author.problems, ...reader.problems]).toEqual([]);
    await Promise.all([author.context.close(), reader.context.close()]);
  }, 120_000);

  it('an employee moves a topic to another category from the team tools; readers follow', async () => {
    const topic = await createTopic(
      await tokenFor('maria_bakes'),
      'QUESTION',
      `Where do I set invoice reminders ${Date.now().toString(36)}`,
    );
    const customer = await openLive(topic.path, 'maria_bakes', 390);
    expect(await customer.page.getByText('Team tools').count()).toBe(0);
    expect(await customer.page.getByLabel('New category').count()).toBe(0);
    const crumbs = customer.page.getByRole('navigation', { name: 'Breadcrumb' });
    expect(await crumbs.textContent()).toContain('Bank feeds & reconciliation');

    const employee = await openLive(topic.path, 'dana@tallybook.example');
    const choice = employee.page.getByLabel('New category');
    // The choices load with the tools; the current category is not among them.
    await employee.page.locator('#move-category option[value="invoicing"]').waitFor({ state: 'attached' });
    expect(await employee.page.locator('#move-category option[value="banking"]').count()).toBe(0);
    await choice.selectOption('invoicing');
    await employee.page.getByRole('button', { name: 'Move', exact: true }).click();
    await employee.page.getByRole('status').filter({ hasText: 'Moved to Invoicing & payments.' }).waitFor();
    const employeeCrumbs = employee.page.getByRole('navigation', { name: 'Breadcrumb' });
    expect(
      await employeeCrumbs.getByRole('link', { name: 'Invoicing & payments' }).getAttribute('href'),
    ).toBe('/c/invoicing');
    await employee.page.locator('#move-category option[value="banking"]').waitFor({ state: 'attached' });
    await shoot(employee.page, 'move-topic-employee-1280');
    expect(await seriousViolations(employee.page)).toEqual([]);

    await crumbs.getByRole('link', { name: 'Invoicing & payments' }).waitFor({ timeout: 15_000 });
    const moved = await api<{ topic: { category: { slug: string } } }>(
      'query($id: ID!) { topic(id: $id) { category { slug } } }',
      { id: topic.id },
    );
    expect(moved.topic.category.slug).toBe('invoicing');
    await shoot(customer.page, 'moved-topic-customer-390');

    expect([...employee.problems, ...customer.problems]).toEqual([]);
    await Promise.all([employee.context.close(), customer.context.close()]);
  }, 90_000);

  it('/people: a team’s figures move live when one of its people answers a topic late', async () => {
    // A customer's topic from the last 30 days, over a day old and still unanswered: answered
    // now, it counts for the responder's team as answered, but not within 24 hours.
    const { topics } = await api<{
      topics: { edges: Array<{ node: { id: string; createdAt: string } }> };
    }>(
      '{ topics(first: 100, orderBy: OLDEST_AWAITING, filter: { awaitingEmployee: true }) { edges { node { id createdAt } } } }',
    );
    const late = topics.edges
      .map((edge) => edge.node)
      .find((topic) => {
        const age = Date.now() - Date.parse(topic.createdAt);
        return age > 2 * DAY && age < 29 * DAY;
      });
    if (!late) throw new Error('the demo data has no topic from this month still waiting');
    const supportShare = async () => {
      const { departments } = await api<{
        departments: Array<{ slug: string; listening: { answeredWithin24hShare: number | null } }>;
      }>('{ departments { slug listening { answeredWithin24hShare } } }');
      const share = departments.find((each) => each.slug === 'support')?.listening.answeredWithin24hShare;
      return share === null || share === undefined ? '—' : `${Math.round(share * 100)}%`;
    };
    const before = await supportShare();

    const watchers = [];
    for (const width of [1280, 390]) {
      const watcher = await newContext(width);
      const subscribed = new Promise<void>((resolve) => {
        watcher.page.on('websocket', (socket) =>
          socket.on('framesent', (frame) => {
            if (typeof frame.payload === 'string' && frame.payload.includes('"department":"support"'))
              resolve();
          }),
        );
      });
      await watcher.page.goto(`${world.portal.url}/people`);
      const support = watcher.page.getByRole('region', { name: 'Customer Support' });
      expect(await support.getByTestId('answered-24h').textContent()).toBe(before);
      expect(await seriousViolations(watcher.page)).toEqual([]);
      await shoot(watcher.page, `people-${width}`);
      await subscribed;
      watchers.push({ ...watcher, support });
    }

    await reply(await tokenFor('dana@tallybook.example'), late.id, 'Sorry this waited: it is fixed now.');
    const after = await supportShare();
    expect(after).not.toBe(before);
    for (const watcher of watchers) {
      await expect
        .poll(() => watcher.support.getByTestId('answered-24h').textContent(), { timeout: 15_000 })
        .toBe(after);
      expect(watcher.problems).toEqual([]);
      await watcher.context.close();
    }
  }, 90_000);

  // Last: it moves the server's clock a month on, which every later test would see too.
  it('“Still happening?” a month after an employee marks a problem fixed; Yes reopens it for the inbox', async () => {
    const title = `Bank feed misses card payments ${Date.now().toString(36)}`;
    const topic = await createTopic(await tokenFor('maria_bakes'), 'PROBLEM', title);

    const employee = await openLive(topic.path, 'dana@tallybook.example');
    await employee.page.getByRole('button', { name: 'Mark fixed' }).click();
    await employee.page.getByText('Marked fixed. The author is asked “Still happening?” on').waitFor();
    expect(await employee.page.locator('.topic-badges').getByText('Answered', { exact: true }).count()).toBe(
      1,
    );
    await employee.context.close();

    // A month later the server asks; sessions lapsed meanwhile, so both sign in again.
    clockOffset += 30 * DAY + 60_000;
    expect(await world.app.askDueCheckIns()).toBeGreaterThanOrEqual(1);

    const author = await openLive(topic.path, 'maria_bakes', 390);
    await author.page.getByRole('heading', { name: 'Still happening?' }).waitFor();
    await shoot(author.page, 'check-in-author-390');
    expect(await seriousViolations(author.page)).toEqual([]);
    await author.page.getByRole('button', { name: 'Yes, still happening' }).click();
    await author.page.locator('.topic-badges').getByText('Waiting for an employee').waitFor();
    expect(await author.page.getByRole('heading', { name: 'Still happening?' }).count()).toBe(0);
    const reopened = await api<{ topic: { status: string; awaitingEmployee: boolean } }>(
      'query($id: ID!) { topic(id: $id) { status awaitingEmployee } }',
      { id: topic.id },
    );
    expect(reopened.topic).toEqual({ status: 'OPEN', awaitingEmployee: true });

    const inbox = await newContext();
    await signIn(inbox.page, 'dana@tallybook.example');
    await inbox.page.goto(`${world.portal.url}/inbox`);
    await inbox.page.getByRole('link', { name: title }).waitFor();
    await shoot(inbox.page, 'inbox-reopened-1280');

    expect([...author.problems, ...inbox.problems]).toEqual([]);
    await Promise.all([author.context.close(), inbox.context.close()]);
  }, 120_000);
});

if (browserUnavailable) console.warn(`[parley tests] browser tests skipped: ${browserUnavailable}`);

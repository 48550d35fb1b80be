import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserUnavailable } from '../support/browser.ts';
import { portalActors, seriousViolations } from '../support/portal-actors.ts';
import { usePortalWorld } from '../support/portal-world.ts';

// Voice of the customer in the portal: ideas' decisions on a public roadmap, escalations the
// customer can see (never the internal case reference), merges that redirect, listening
// figures that move live. The built portal against a real server on the seeded demo data.

const SHOTS = 'test-results/voice';
const { api, tokenFor, createTopic, newContext, signIn } = portalActors({
  apiUrl: () => world.app.url,
  portalUrl: () => world.portal.url,
  browser: () => world.browser,
});

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

const world = usePortalWorld({ shots: SHOTS });

describe.skipIf(browserUnavailable)('voice of the customer in Chromium', () => {
  it('roadmap: an employee decides on an idea with a reason; history, roadmap and the voter follow', async () => {
    const title = `Split a bank payment across invoices ${Date.now().toString(36)}`;
    const idea = await createTopic(await tokenFor('maria_bakes'), 'IDEA', title);
    await api(
      'mutation($id: ID!) { vote(topicId: $id) { __typename } }',
      { id: idea.id },
      await tokenFor('tom-plumbing'),
    );

    const reader = await newContext(390);
    await reader.page.goto(`${world.portal.url}${idea.path}`);
    await reader.page.getByText('Live', { exact: true }).waitFor();

    const employee = await newContext();
    await signIn(employee.page, 'dana@tallybook.example');
    await employee.page.goto(`${world.portal.url}${idea.path}`);
    await employee.page.getByText('Live', { exact: true }).waitFor();
    expect(await employee.page.getByTestId('idea-status').textContent()).toBe('Open');

    // Too short a reason: the server's error shows by the field, and nothing changes.
    await employee.page.getByLabel('New status').selectOption('PLANNED');
    await employee.page.getByLabel('Public reason (at least 20 characters)').fill('Soon.');
    await employee.page.getByRole('button', { name: 'Change status' }).click();
    const reasonError = employee.page.locator('#idea-reason-error');
    await reasonError.waitFor();
    expect(await reasonError.textContent()).toMatch(/20/);
    expect(
      await employee.page.getByLabel('Public reason (at least 20 characters)').getAttribute('aria-invalid'),
    ).toBe('true');
    expect(await employee.page.getByTestId('idea-status').textContent()).toBe('Open');
    expect(await employee.page.getByTestId('idea-history').count()).toBe(0);
    const unchanged = await api<{ topic: { ideaStatus: string; ideaStatusHistory: unknown[] } }>(
      'query($id: ID!) { topic(id: $id) { ideaStatus ideaStatusHistory { toStatus } } }',
      { id: idea.id },
    );
    expect(unchanged.topic).toEqual({ ideaStatus: 'OPEN', ideaStatusHistory: [] });

    // A proper reason: the history shows who decided and why.
    const reason = 'Planned for the spring release: the banking team has started on it.';
    await employee.page.getByLabel('Public reason (at least 20 characters)').fill(reason);
    await employee.page.getByRole('button', { name: 'Change status' }).click();
    const history = employee.page.getByTestId('idea-history');
    await history.waitFor();
    await expect.poll(() => history.textContent()).toContain(reason);
    expect(await history.textContent()).toContain('Dana Whitfield');
    expect(await history.textContent()).toContain('Support Lead');
    expect(await history.textContent()).toMatch(/Open\s*to\s*→?\s*Planned|Open.*Planned/);
    expect(await employee.page.getByTestId('idea-status').textContent()).toBe('Planned');
    expect(await employee.page.locator('#idea-reason-error').count()).toBe(0);
    await shoot(employee.page, 'idea-topic-employee-1280');

    // The reader's page follows live, without reloading.
    await expect
      .poll(() => reader.page.getByTestId('idea-status').textContent(), { timeout: 15_000 })
      .toBe('Planned');
    await expect.poll(() => reader.page.getByTestId('idea-history').textContent()).toContain(reason);
    await shoot(reader.page, 'idea-topic-reader-390');

    // The roadmap lists it under Planned, with the decision, who made it and when.
    for (const width of [1280, 390]) {
      const { context, page, problems } = await newContext(width);
      await page.goto(`${world.portal.url}/roadmap`);
      const planned = page.locator('section[data-status="PLANNED"]');
      const card = planned.getByTestId('idea-card').filter({ hasText: title });
      await card.waitFor();
      expect(await card.textContent()).toContain(reason);
      expect(await card.textContent()).toContain('Dana Whitfield');
      expect(await card.textContent()).toContain('1 vote');
      expect(await page.locator('section[data-status="OPEN"]').getByText(title).count()).toBe(0);
      expect(
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Roadmap' }).count(),
      ).toBe(1);
      expect(await seriousViolations(page)).toEqual([]);
      await shoot(page, `roadmap-${width}`);
      // Filtered to another category, the idea is not there.
      await page.goto(`${world.portal.url}/roadmap?category=invoicing`);
      await page.getByRole('heading', { level: 1, name: /Roadmap: / }).waitFor();
      expect(await page.getByText(title).count()).toBe(0);
      expect(problems).toEqual([]);
      await context.close();
    }

    // The voter is told.
    const voter = await newContext();
    await signIn(voter.page, 'tom-plumbing');
    await voter.page.goto(`${world.portal.url}/notifications`);
    const notice = voter.page.getByRole('listitem').filter({ hasText: title });
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Dana Whitfield changed the status of the idea');
    expect(await notice.textContent()).toContain('now Planned');
    await shoot(voter.page, 'notifications-voter-1280');

    expect([...reader.problems, ...employee.problems, ...voter.problems]).toEqual([]);
    await Promise.all([reader.context.close(), employee.context.close(), voter.context.close()]);
  }, 120_000);

  it('escalation: everyone sees the status and owner, never the case reference; the author confirms', async () => {
    const caseReference = `CASE-${Date.now().toString(36).toUpperCase()}-SECRET`;
    const title = `Bank feed stopped after the card was renewed ${Date.now().toString(36)}`;
    const topic = await createTopic(await tokenFor('maria_bakes'), 'PROBLEM', title);

    const employee = await newContext();
    await signIn(employee.page, 'dana@tallybook.example');
    await employee.page.goto(`${world.portal.url}${topic.path}`);
    await employee.page.getByText('Live', { exact: true }).waitFor();
    await employee.page.getByLabel('Case reference (internal, employees only)').fill(caseReference);
    await employee.page.getByRole('button', { name: 'Escalate', exact: true }).click();
    await employee.page.getByRole('heading', { name: 'Escalated — Open' }).waitFor();
    // Employees see the reference, marked internal.
    expect(await employee.page.getByTestId('escalation').textContent()).toContain(
      `Internal · case ${caseReference}`,
    );

    const author = await newContext(390);
    await signIn(author.page, 'maria_bakes');
    await author.page.goto(`${world.portal.url}${topic.path}`);
    await author.page.getByText('Live', { exact: true }).waitFor();
    const banner = author.page.getByTestId('escalation');
    expect(await banner.getByRole('heading').first().textContent()).toBe('Escalated — Open');
    expect(await banner.textContent()).toContain('Dana Whitfield');
    expect(await banner.textContent()).toContain('Support Lead');
    expect(await banner.getByRole('link', { name: 'Dana Whitfield' }).getAttribute('href')).toBe('/@dana');
    expect(await author.page.content()).not.toContain(caseReference);
    expect(await author.page.getByText('Team tools').count()).toBe(0);
    // Anonymous readers: not in the page, nor anywhere in the server's HTML (flight data included).
    const anonymousHtml = await (await fetch(`${world.portal.url}${topic.path}`)).text();
    expect(anonymousHtml).toContain('Escalated — <!-- -->Open');
    expect(anonymousHtml).not.toContain(caseReference);
    const authorCookie = (await author.context.cookies())
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
    const authorHtml = await (
      await fetch(`${world.portal.url}${topic.path}`, { headers: { cookie: authorCookie } })
    ).text();
    expect(authorHtml).toContain('Sign out');
    expect(authorHtml).not.toContain(caseReference);
    const anonymous = await newContext();
    await anonymous.page.goto(`${world.portal.url}${topic.path}`);
    await anonymous.page.getByText('Live', { exact: true }).waitFor();
    expect(await anonymous.page.getByTestId('escalation').textContent()).toContain('Escalated — Open');
    expect(await anonymous.page.content()).not.toContain(caseReference);

    // The employee moves it on and resolves it; the author's page follows live.
    await employee.page.getByLabel('Public status').selectOption('IN_PROGRESS');
    await employee.page.getByRole('button', { name: 'Update escalation' }).click();
    await employee.page.getByRole('heading', { name: 'Escalated — In progress' }).waitFor();
    await author.page.getByRole('heading', { name: 'Escalated — In progress' }).waitFor({ timeout: 15_000 });
    const summary = 'We renewed the bank connection on our side; the feed catches up overnight.';
    await employee.page.getByLabel('What was done (public, at least 20 characters)').fill(summary);
    await employee.page.getByRole('button', { name: 'Resolve and ask the author' }).click();
    await employee.page.getByRole('heading', { name: 'Escalated — Resolved' }).waitFor();
    expect(await employee.page.getByRole('heading', { name: 'Resolved for you?' }).count()).toBe(0);

    await author.page.getByRole('heading', { name: 'Resolved for you?' }).waitFor({ timeout: 15_000 });
    expect(await banner.textContent()).toContain(summary);
    expect(await author.page.content()).not.toContain(caseReference);
    await shoot(author.page, 'escalation-author-390');
    expect(await seriousViolations(author.page)).toEqual([]);
    // Only the author (or a moderator) is asked.
    await anonymous.page.getByRole('heading', { name: 'Escalated — Resolved' }).waitFor({ timeout: 15_000 });
    expect(await anonymous.page.getByRole('heading', { name: 'Resolved for you?' }).count()).toBe(0);
    expect(await anonymous.page.content()).not.toContain(caseReference);

    await author.page.getByRole('button', { name: 'Yes, it is resolved' }).click();
    await author.page.getByText('Confirmed resolved by the author.').waitFor();
    expect(await author.page.getByRole('heading', { name: 'Resolved for you?' }).count()).toBe(0);
    expect(await author.page.locator('.topic-badges').getByText('Answered', { exact: true }).count()).toBe(1);
    await anonymous.page
      .locator('.topic-badges')
      .getByText('Answered', { exact: true })
      .waitFor({ timeout: 15_000 });
    const after = await api<{
      topic: { status: string; escalation: { confirmed: boolean; caseReference: null } };
    }>('query($id: ID!) { topic(id: $id) { status escalation { confirmed caseReference } } }', {
      id: topic.id,
    });
    expect(after.topic).toEqual({ status: 'ANSWERED', escalation: { confirmed: true, caseReference: null } });
    await shoot(employee.page, 'escalation-employee-1280');

    // Relationship memory: the employee sees the customer's timeline and keeps a note; she never does.
    await employee.page.goto(`${world.portal.url}/@maria_bakes`);
    const memory = employee.page.getByTestId('customer-memory');
    await memory.waitFor();
    expect(await memory.textContent()).toContain(title);
    expect(await memory.textContent()).toContain('Escalated by the team');
    await employee.page
      .getByLabel('Add a private note (employees only)')
      .fill('NOTE-ABOUT-MARIA: prefers email.');
    await employee.page.getByRole('button', { name: 'Save note' }).click();
    await memory.locator('.note-list').getByText('NOTE-ABOUT-MARIA: prefers email.').waitFor();
    expect(await seriousViolations(employee.page)).toEqual([]);
    await shoot(employee.page, 'customer-profile-employee-1280');
    await author.page.goto(`${world.portal.url}/@maria_bakes`);
    await author.page.getByRole('heading', { name: 'Conversations with Tallybook' }).waitFor();
    expect(await author.page.getByTestId('customer-memory').count()).toBe(0);
    expect(await author.page.content()).not.toContain('NOTE-ABOUT-MARIA');

    expect([...employee.problems, ...author.problems, ...anonymous.problems]).toEqual([]);
    await Promise.all([employee.context.close(), author.context.close(), anonymous.context.close()]);
  }, 120_000);

  it('merge: the duplicate’s address redirects to the topic that continues, which shows where it came from', async () => {
    const stamp = Date.now().toString(36);
    const maria = await tokenFor('maria_bakes');
    const target = await createTopic(maria, 'IDEA', `Export invoices as one PDF ${stamp}`);
    const duplicate = await createTopic(
      await tokenFor('tom-plumbing'),
      'IDEA',
      `All invoices in a single PDF ${stamp}`,
    );

    const employee = await newContext();
    await signIn(employee.page, 'dana@tallybook.example');
    await employee.page.goto(`${world.portal.url}${duplicate.path}`);
    await employee.page
      .getByLabel('Topic that continues (number or address)')
      .fill(`${world.portal.url}${target.path}`);
    await employee.page.getByRole('button', { name: 'Merge', exact: true }).click();
    await employee.page.waitForURL(`${world.portal.url}${target.path}`);
    const mergedFrom = employee.page.getByText('Merged from');
    await mergedFrom.waitFor();
    expect(await mergedFrom.textContent()).toContain(`All invoices in a single PDF ${stamp}`);

    const redirect = await fetch(`${world.portal.url}${duplicate.path}`, { redirect: 'manual' });
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get('location')).toBe(target.path);
    const reader = await newContext(390);
    await reader.page.goto(`${world.portal.url}${duplicate.path}`);
    expect(new URL(reader.page.url()).pathname).toBe(target.path);
    await reader.page.getByText('Merged from').waitFor();
    await shoot(reader.page, 'merged-target-390');
    expect([...employee.problems, ...reader.problems]).toEqual([]);
    await Promise.all([employee.context.close(), reader.context.close()]);
  });

  it('listening figures on the home page move live when an employee answers a long wait', async () => {
    const { topics } = await api<{
      topics: { edges: Array<{ node: { id: string; awaitingEmployeeSince: string } }> };
    }>(
      '{ topics(first: 1, orderBy: OLDEST_AWAITING, filter: { awaitingEmployee: true }) { edges { node { id awaitingEmployeeSince } } } }',
    );
    const longest = topics.edges[0]?.node;
    if (!longest || Date.now() - Date.parse(longest.awaitingEmployeeSince) < 48 * 3600_000) {
      throw new Error('the demo data has no topic waiting over 48 hours');
    }
    const { listening } = await api<{ listening: { waitingOver48h: number } }>(
      '{ listening { waitingOver48h } }',
    );

    const { context, page, problems } = await newContext();
    // The page subscribes once its socket is up: wait for that message to leave the browser.
    const subscribed = new Promise<void>((resolve) => {
      page.on('websocket', (socket) =>
        socket.on('framesent', (frame) => {
          if (typeof frame.payload === 'string' && frame.payload.includes('listeningChanged')) resolve();
        }),
      );
    });
    await page.goto(world.portal.url);
    const waiting = page.getByTestId('waiting-48h');
    expect(await waiting.textContent()).toBe(String(listening.waitingOver48h));
    await shoot(page, 'home-1280');
    await subscribed;
    await api(
      'mutation($input: CreatePostInput!) { createPost(input: $input) { __typename } }',
      { input: { topicId: longest.id, body: 'Sorry for the wait: this is fixed in today’s release.' } },
      await tokenFor('dana@tallybook.example'),
    );
    await expect
      .poll(() => waiting.textContent(), { timeout: 15_000 })
      .toBe(String(listening.waitingOver48h - 1));
    expect(problems).toEqual([]);
    await context.close();
  });
});

if (browserUnavailable) console.warn(`[parley tests] browser tests skipped: ${browserUnavailable}`);

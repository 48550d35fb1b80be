import type { Page, WebSocketRoute } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserUnavailable } from '../support/browser.ts';
import { portalActors, seriousViolations } from '../support/portal-actors.ts';
import { usePortalWorld } from '../support/portal-world.ts';

// The whole product as `npm start` runs it, driven the way people use it: a customer and an
// employee in two browser contexts, on the seeded demo community.

const SHOTS = 'test-results/portal';
const { api, tokenFor, createTopic, reply, newContext, signIn } = portalActors({
  apiUrl: () => world.app.url,
  portalUrl: () => world.portal.url,
  browser: () => world.browser,
});

const world = usePortalWorld({ shots: SHOTS });

/**
 * The page's live socket through the test's hands: `hold` refuses new connections, `cut` also
 * drops the open ones (the network going away), `restore` lets it connect again.
 */
async function controlledSocket(page: Page) {
  let blocked = false;
  const open: Array<{ page: WebSocketRoute; server: WebSocketRoute }> = [];
  await page.routeWebSocket(/\/graphql$/, (socket) => {
    if (blocked) {
      void socket.close({ code: 4000, reason: 'network down (test)' });
      return;
    }
    open.push({ page: socket, server: socket.connectToServer() });
  });
  return {
    hold() {
      blocked = true;
    },
    async cut() {
      blocked = true;
      for (const route of open.splice(0)) {
        await route.server.close();
        await route.page.close({ code: 4000, reason: 'network down (test)' });
      }
    },
    restore() {
      blocked = false;
    },
  };
}

describe.skipIf(browserUnavailable)('the portal in Chromium', () => {
  it('a customer asks, an employee answers live, the customer accepts, the inbox and search follow', async () => {
    const customer = await newContext();
    const employee = await newContext();
    const unique = `Recurring invoices skip February ${Date.now().toString(36)}`;

    // The customer signs up.
    await customer.page.goto(`${world.portal.url}/sign-up`);
    await customer.page.getByLabel('Your name').fill('Maria Rossi');
    await customer.page.getByLabel('Handle').fill('maria_portal');
    await customer.page.getByLabel('Email').fill('maria.portal@example.com');
    await customer.page.getByLabel('Password').fill('a long passphrase indeed');
    await customer.page.getByRole('button', { name: 'Create account' }).click();
    await customer.page
      .getByRole('button', { name: 'Sign out' })
      .waitFor()
      .catch(async (error) => {
        await customer.page.screenshot({ path: `${SHOTS}/failed-sign-up.png` });
        throw error;
      });

    // The employee watches the inbox.
    await signIn(employee.page, 'dana@tallybook.example');
    await employee.page.goto(`${world.portal.url}/inbox`);
    await employee.page.getByRole('heading', { name: 'Waiting for an employee' }).waitFor();
    await employee.page.getByText('Live', { exact: true }).waitFor();

    // The customer starts a topic.
    await customer.page.goto(`${world.portal.url}/new`);
    await customer.page.getByText('Problem', { exact: true }).click();
    await customer.page.getByLabel('Title').fill(unique);
    await customer.page.getByLabel('Category').selectOption('invoicing');
    await customer.page.getByLabel('Details').fill('My **monthly** invoice was not sent on 1 February.');
    await customer.page.getByLabel('Tags').fill('recurring');
    await customer.page.getByRole('button', { name: 'Post to the community' }).click();
    await customer.page.waitForURL(/\/t\/\d+\/recurring-invoices-skip-february/);
    await customer.page.getByRole('heading', { level: 1, name: unique }).waitFor();
    await customer.page.getByText('Live', { exact: true }).waitFor();
    const waiting = customer.page.getByText('Waiting for an employee', { exact: true });
    expect(await waiting.count()).toBe(1);

    // It appears live in the employee's inbox.
    const inboxRow = employee.page.getByRole('link', { name: unique });
    await inboxRow.waitFor({ timeout: 15_000 });

    // The employee opens it (in a second tab, keeping the inbox open) and replies.
    const topicPage = await employee.context.newPage();
    await topicPage.goto(customer.page.url());
    await topicPage.getByText('Live', { exact: true }).waitFor();
    await topicPage
      .getByLabel('Reply (Markdown)')
      .fill('Sorry about that, Maria. Open **Recurring** and press _Resume_.');
    await expect
      .poll(() => customer.page.getByText('is typing…').textContent())
      .toContain('Dana Whitfield from Customer Support');
    await topicPage.getByRole('button', { name: 'Post reply' }).click();

    // The customer sees the reply without reloading, with the employee's name and title.
    const answer = customer.page.getByTestId('post').filter({ hasText: 'Sorry about that, Maria' });
    await answer.waitFor({ timeout: 15_000 });
    await expect.poll(() => answer.textContent()).toContain('Dana Whitfield');
    await expect.poll(() => answer.textContent()).toContain('Support Lead');
    await expect.poll(() => answer.getByText('Employee', { exact: true }).count()).toBe(1);
    expect(await answer.locator('strong').first().textContent()).toBe('Recurring');
    // And the topic stops waiting on the customer's page, live.
    await waiting.waitFor({ state: 'detached', timeout: 15_000 });

    // Answered in public: the topic leaves the inbox live.
    await inboxRow.waitFor({ state: 'detached', timeout: 15_000 });

    // The customer accepts the answer; it is highlighted at the top for everyone.
    await answer.getByRole('button', { name: 'Accept as answer' }).click();
    await customer.page.getByRole('heading', { name: 'Accepted answer' }).waitFor();
    await topicPage.getByRole('heading', { name: 'Accepted answer' }).waitFor({ timeout: 15_000 });
    await customer.page.screenshot({ path: `${SHOTS}/topic-live-customer.png`, fullPage: true });

    // Search finds it.
    await expect
      .poll(
        async () => {
          const data = await api<{
            search: { data?: { edges: Array<{ node: { topic?: { title: string } } }> } };
          }>(
            `query($q: String!) { search(query: $q, filter: { types: [TOPIC] }) {
              ... on QuerySearchSuccess { data { edges { node { ... on TopicHit { topic { title } } } } } } } }`,
            { q: 'recurring invoices february' },
          );
          return data.search.data?.edges.map((edge) => edge.node.topic?.title);
        },
        { timeout: 10_000 },
      )
      .toContain(unique);

    expect([...customer.problems, ...employee.problems]).toEqual([]);
    await customer.context.close();
    await employee.context.close();
  });

  it('shows internal notes to employees, clearly marked, and never to customers', async () => {
    const danaToken = await tokenFor('dana@tallybook.example');
    const customerToken = await tokenFor('david@tallybook.example').catch(() => undefined);
    const topic = await api<{ createTopic: { data: { id: string; slug: string } } }>(
      `mutation { createTopic(input: { category: "banking", title: "Statement import drops the last line",
        body: "The last transaction of every CSV goes missing.", kind: PROBLEM }) {
        ... on MutationCreateTopicSuccess { data { id slug } } } }`,
      {},
      customerToken ?? danaToken,
    );
    const number = Buffer.from(topic.createTopic.data.id, 'base64').toString().split(':')[1];
    const path = `/t/${number}/${topic.createTopic.data.slug}`;

    const customer = await newContext(390);
    const employee = await newContext();
    await signIn(employee.page, 'marcus@tallybook.example');
    await employee.page.goto(`${world.portal.url}${path}`);
    await customer.page.goto(`${world.portal.url}${path}`);
    await customer.page.getByText('Live', { exact: true }).waitFor();
    await employee.page.getByText('Live', { exact: true }).waitFor();

    await employee.page.getByLabel('Internal note (only employees see it)').check();
    await employee.page
      .getByLabel('Reply (Markdown)')
      .fill('SECRET-NOTE: known parser bug, ticket PAY-1234.');
    await employee.page.getByRole('button', { name: 'Add internal note' }).click();
    const note = employee.page.getByTestId('post').filter({ hasText: 'SECRET-NOTE' });
    await note.waitFor();
    expect(await note.textContent()).toContain('Internal note · only employees can see this');
    await employee.page.screenshot({ path: `${SHOTS}/topic-internal-note-employee.png`, fullPage: true });

    // A public reply after the note reaches the customer: the stream went past the note.
    await reply(danaToken, topic.createTopic.data.id, 'PUBLIC-REPLY: we are fixing this today.');
    await customer.page.getByText('PUBLIC-REPLY').waitFor();
    expect(await customer.page.content()).not.toContain('SECRET-NOTE');
    await customer.page.reload();
    await customer.page.getByText('PUBLIC-REPLY').waitFor();
    expect(await customer.page.content()).not.toContain('SECRET-NOTE');
    expect(await customer.page.content()).not.toContain('Internal note');
    await customer.context.close();
    await employee.context.close();
  });

  it('catches up after the connection drops: a reply posted meanwhile appears on reconnect', async () => {
    const danaToken = await tokenFor('dana@tallybook.example');
    const { topics } = await api<{ topics: { edges: Array<{ node: { id: string; slug: string } }> } }>(
      '{ topics(first: 1, filter: { awaitingEmployee: true }) { edges { node { id slug } } } }',
    );
    const target = topics.edges[0]?.node;
    if (!target) throw new Error('no waiting topic in the demo data');
    const number = Buffer.from(target.id, 'base64').toString().split(':')[1];

    const reader = await newContext();
    const network = await controlledSocket(reader.page);
    await reader.page.goto(`${world.portal.url}/t/${number}/${target.slug}`);
    await reader.page.getByText('Live', { exact: true }).waitFor();

    await network.cut();
    await reader.page.getByText('Reconnecting…').waitFor();
    await reply(danaToken, target.id, 'WHILE-YOU-WERE-AWAY: fixed on our side.');
    await reader.page.screenshot({ path: `${SHOTS}/topic-reconnecting.png` });
    network.restore();

    await reader.page.getByText('WHILE-YOU-WERE-AWAY').waitFor({ timeout: 30_000 });
    await reader.page.getByText('Live', { exact: true }).waitFor();
    expect(await reader.page.getByText('WHILE-YOU-WERE-AWAY').count()).toBe(1);
    expect(reader.problems).toEqual([]);
    await reader.context.close();
  });

  it('reads the inbox again when its socket connects: topics started before it or while it was away appear', async () => {
    const inbox = await newContext();
    const network = await controlledSocket(inbox.page);
    await signIn(inbox.page, 'dana@tallybook.example');
    // A topic started after the inbox was rendered, before its socket first connected, is there too.
    network.hold();
    await inbox.page.goto(`${world.portal.url}/inbox`);
    const early = `BEFORE-THE-SOCKET ${Date.now().toString(36)}`;
    await createTopic(await tokenFor('maria_bakes'), 'PROBLEM', early);
    network.restore();
    await inbox.page.getByRole('link', { name: early }).waitFor({ timeout: 30_000 });
    await inbox.page.getByText('Live', { exact: true }).waitFor();

    await network.cut();
    await inbox.page.getByText('Reconnecting…').waitFor();
    const title = `WHILE-THE-INBOX-WAS-AWAY ${Date.now().toString(36)}`;
    await createTopic(await tokenFor('maria_bakes'), 'PROBLEM', title);
    network.restore();

    await inbox.page.getByRole('link', { name: title }).waitFor({ timeout: 30_000 });
    await inbox.page.getByText('Live', { exact: true }).waitFor();
    expect(await inbox.page.getByRole('link', { name: title }).count()).toBe(1);
    expect(inbox.problems).toEqual([]);
    await inbox.context.close();
  });

  it('keeps the unread badge right in every tab: a reply raises it, reading in another tab clears it', async () => {
    const topic = await createTopic(await tokenFor('tom-plumbing'), 'QUESTION', 'Does the badge follow me?');
    const tom = await newContext();
    await signIn(tom.page, 'tom-plumbing');
    const otherTab = await tom.context.newPage();
    for (const page of [tom.page, otherTab]) {
      await page.goto(`${world.portal.url}${topic.path}`);
      await page.getByText('Live', { exact: true }).waitFor();
    }
    const unread = async (page: typeof otherTab) => {
      const badge = page.getByTestId('unread-count');
      return (await badge.count()) === 0 ? 0 : Number((await badge.textContent())?.replace(/\D/g, ''));
    };
    const before = await unread(otherTab);

    await reply(await tokenFor('dana@tallybook.example'), topic.id, 'It does: every tab hears it.');
    await expect.poll(() => unread(tom.page), { timeout: 10_000 }).toBe(before + 1);
    await expect.poll(() => unread(otherTab), { timeout: 10_000 }).toBe(before + 1);

    // Everything read in the first tab: the other one, never reloaded, clears its badge.
    await tom.page.goto(`${world.portal.url}/notifications`);
    await tom.page.getByRole('button', { name: /^Mark all/ }).click();
    await expect.poll(() => unread(otherTab), { timeout: 10_000 }).toBe(0);
    await otherTab.screenshot({ path: `${SHOTS}/badge-cleared-in-other-tab.png` });
    expect(tom.problems).toEqual([]);
    await tom.context.close();
  });

  it('keeps unsent writing across a reload, an internal note still internal, until it is sent or its writer signs out', async () => {
    const topic = await createTopic(await tokenFor('maria_bakes'), 'QUESTION', 'Where do drafts go?');
    const url = `${world.portal.url}${topic.path}`;
    const dana = await newContext();
    await signIn(dana.page, 'dana@tallybook.example');
    await dana.page.goto(url);
    await dana.page.getByText('Live', { exact: true }).waitFor();
    const editor = dana.page.getByLabel('Reply (Markdown)');
    await dana.page.getByLabel('Internal note (only employees see it)').check();
    await editor.fill('DRAFT-NOTE: Maria is on the legacy plan');
    await dana.page.reload();
    await dana.page.getByText('Live', { exact: true }).waitFor();
    // The words come back, and so does the choice that keeps them from the customer.
    await expect.poll(() => editor.inputValue()).toBe('DRAFT-NOTE: Maria is on the legacy plan');
    expect(await dana.page.getByLabel('Internal note (only employees see it)').isChecked()).toBe(true);
    await dana.page.getByRole('button', { name: 'Add internal note' }).click();
    await dana.page.getByTestId('post').filter({ hasText: 'DRAFT-NOTE' }).waitFor();
    await dana.page.reload();
    await dana.page.getByText('Live', { exact: true }).waitFor();
    expect(await editor.inputValue()).toBe(''); // sent: the draft is gone

    // A half-written topic survives a reload, and is forgotten when its writer signs out.
    await dana.page.goto(`${world.portal.url}/new`);
    await dana.page.getByText('Problem', { exact: true }).click();
    await dana.page.getByLabel('Title').fill('DRAFT-TOPIC: payroll export');
    await dana.page.getByLabel('Details').fill('Started writing this, then the tab closed.');
    await dana.page.reload();
    await expect.poll(() => dana.page.getByLabel('Title').inputValue()).toBe('DRAFT-TOPIC: payroll export');
    expect(await dana.page.getByLabel('Details').inputValue()).toBe(
      'Started writing this, then the tab closed.',
    );
    expect(await dana.page.getByRole('radio', { name: /Problem/ }).isChecked()).toBe(true);
    await dana.page.screenshot({ path: `${SHOTS}/new-topic-draft-restored.png` });
    await dana.page.getByRole('button', { name: 'Sign out' }).click();
    await dana.page.waitForURL(`${world.portal.url}/`);
    expect(
      await dana.page.evaluate(() =>
        Object.keys(localStorage).filter((key) => key.startsWith('parley:draft:')),
      ),
    ).toEqual([]);
    expect(dana.problems).toEqual([]);
    await dana.context.close();
  });

  it('never runs script from titles, bodies, names or search highlights', async () => {
    const payloads = [
      '<script>window.__xss = 1</script>',
      '<img src=x onerror="window.__xss = 2">',
      '<svg onload="window.__xss = 3"></svg>',
      '[click me](javascript:window.__xss=4)',
      '[data](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9NTwvc2NyaXB0Pg==)',
      '"><iframe src="javascript:window.__xss=6"></iframe>',
      '<a href="javascript:window.__xss=7">x</a>',
      '![x](javascript:window.__xss=8)',
      '`<b>code</b>` <details open ontoggle="window.__xss=9">',
    ];
    const signUp = await api<{ signUp: { data: { token: string } } }>(
      `mutation($name: String!) { signUp(input: { email: "xss@example.com", handle: "xss_tester", displayName: $name,
        password: "a long passphrase indeed" }) { ... on MutationSignUpSuccess { data { token } } } }`,
      { name: '<img src=x onerror="window.__xss=10">Eve' },
    );
    const token = signUp.signUp.data.token;
    const created = await api<{ createTopic: { data: { id: string; slug: string } } }>(
      `mutation($title: String!, $body: String!) { createTopic(input: { category: "getting-started", title: $title,
        body: $body, kind: QUESTION }) { ... on MutationCreateTopicSuccess { data { id slug } } } }`,
      {
        title: `<script>window.__xss=11</script> "'><img src=x onerror=window.__xss=12>`,
        body: payloads.join('\n\n'),
      },
      token,
    );
    await reply(token, created.createTopic.data.id, payloads.join('\n\n'));
    const number = Buffer.from(created.createTopic.data.id, 'base64').toString().split(':')[1];

    const { context, page, problems } = await newContext();
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs += 1;
      void dialog.dismiss();
    });
    for (const path of [
      `/t/${number}/${created.createTopic.data.slug}`,
      '/',
      '/c/getting-started',
      '/@xss_tester',
      // Search highlights carry the payloads' text around <mark>s.
      '/search?q=window%20xss',
      '/search?q=click%20me',
    ]) {
      await page.goto(`${world.portal.url}${path}`);
      await page.waitForLoadState('networkidle');
      expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    }
    // The search page did show the payloads (indexing takes a moment), as text.
    await expect
      .poll(async () => {
        await page.goto(`${world.portal.url}/search?q=click%20me`);
        return page.locator('.results mark').count();
      })
      .toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    await page.goto(`${world.portal.url}/t/${number}/${created.createTopic.data.slug}`);
    for (const link of await page.locator('.prose a').all()) {
      const href = (await link.getAttribute('href')) ?? '';
      expect(href).not.toMatch(/^\s*(javascript|data|vbscript):/i);
      expect(await link.getAttribute('rel')).toBe('nofollow ugc noopener');
    }
    // The payloads are shown as text, not swallowed.
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('<script>');
    await page.screenshot({ path: `${SHOTS}/xss-topic.png`, fullPage: true });
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('every page: 404 for unknown topics, canonical redirects, no serious accessibility violations, screenshots', async () => {
    const { topics } = await api<{ topics: { edges: Array<{ node: { id: string; slug: string } }> } }>(
      '{ topics(first: 1, filter: { status: ANSWERED }) { edges { node { id slug } } } }',
    );
    const answered = topics.edges[0]?.node;
    if (!answered) throw new Error('no answered topic in the demo data');
    const number = Buffer.from(answered.id, 'base64').toString().split(':')[1];

    expect((await fetch(`${world.portal.url}/t/999999/nothing-here`)).status).toBe(404);
    const wrongSlug = await fetch(`${world.portal.url}/t/${number}/old-title`, { redirect: 'manual' });
    expect(wrongSlug.status).toBe(308);
    expect(wrongSlug.headers.get('location')).toContain(`/t/${number}/${answered.slug}`);
    const html = await (await fetch(`${world.portal.url}/t/${number}/${answered.slug}`)).text();
    expect(html).toContain(`<link rel="canonical" href="http://localhost:3000/t/${number}/${answered.slug}"`);
    expect(html).toContain('<meta property="og:title"');

    const pages: Array<[string, string]> = [
      ['home', '/'],
      ['topic', `/t/${number}/${answered.slug}`],
      ['category', '/c/banking'],
      ['sign-in', '/sign-in'],
      ['sign-up', '/sign-up'],
      ['not-found', '/t/999999/nothing-here'],
      ['people', '/people'],
      ['employee-profile', '/@dana'],
      ['search', '/search?q=bank%20feed'],
    ];
    const signedIn: Array<[string, string]> = [
      ['new-topic', '/new'],
      ['inbox', '/inbox'],
      ['topic-employee', `/t/${number}/${answered.slug}`],
      ['notifications', '/notifications'],
      ['settings', '/settings'],
      ['customer-profile-as-employee', '/@anna_architect'],
    ];
    const violations: string[] = [];
    for (const width of [1280, 390]) {
      const { context, page, problems } = await newContext(width);
      for (const [name, path] of pages) {
        await page.goto(`${world.portal.url}${path}`);
        await page.waitForLoadState('networkidle');
        violations.push(...(await seriousViolations(page)).map((violation) => `${name}: ${violation}`));
        await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
      }
      await signIn(page, 'dana@tallybook.example');
      for (const [name, path] of signedIn) {
        await page.goto(`${world.portal.url}${path}`);
        await page.waitForLoadState('networkidle');
        violations.push(...(await seriousViolations(page)).map((violation) => `${name}: ${violation}`));
        await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
      }
      expect(problems).toEqual([]);
      await context.close();
    }
    expect(violations).toEqual([]);
  }, 240_000);
});

if (browserUnavailable) console.warn(`[parley tests] browser tests skipped: ${browserUnavailable}`);

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserUnavailable } from '../support/browser.ts';
import { usePortalWorld } from '../support/portal-world.ts';

// An employee's public face: edited in settings, shown on the profile with recent answers; feeds
// discoverable from the pages; the header on a phone.

const DEMO_PASSWORD = 'parley-demo';
const SHOTS = 'test-results/profile';

async function signIn(page: Page, login: string): Promise<void> {
  await page.goto(`${world.portal.url}/sign-in`);
  await page.getByLabel('Email or handle').fill(login);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

const world = usePortalWorld({ shots: SHOTS });

describe.skipIf(browserUnavailable)('profiles, feeds and the header', () => {
  it('an employee edits their public profile; problems show at the field; the profile shows it with recent answers', async () => {
    const context = await world.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await signIn(page, 'dana@tallybook.example');
    await page.goto(`${world.portal.url}/settings`);

    const form = page.getByRole('form', { name: 'Your employee profile' });
    await form.getByLabel('Job title').fill('X');
    await form.getByLabel('Picture (URL)').fill('http://pictures.example.com/dana.png');
    await form.getByRole('button', { name: 'Save employee profile' }).click();
    const title = form.getByLabel('Job title');
    await expect.poll(() => title.getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('#title-error').textContent()).toBe('Job title must be at least 2 characters.');
    expect(await form.getByLabel('Picture (URL)').getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('#avatarUrl-error').textContent()).toBe('Picture (URL) must be an https URL.');
    await page.screenshot({ path: `${SHOTS}/settings-errors-1280.png`, fullPage: true });

    await title.fill('Head of Customer Support');
    await form.getByLabel('Picture (URL)').fill('');
    await form.getByLabel('Department').selectOption({ label: 'Product' });
    await form.getByLabel('Knows about').fill('bank feeds, VAT returns,  payroll ');
    await form.getByLabel('Pronouns').fill('she/her');
    await form.getByLabel('Location').fill('Lisbon');
    await form.getByRole('button', { name: 'Save employee profile' }).click();
    await form.getByText('Saved. Your profile shows it now.').waitFor();
    expect(await title.getAttribute('aria-invalid')).toBeNull();

    await page.goto(`${world.portal.url}/@dana`);
    const head = page.locator('.profile-head');
    expect(await head.textContent()).toContain('Head of Customer Support · Product · she/her · Lisbon');
    expect(await page.locator('.chips li').allTextContents()).toEqual([
      'bank feeds',
      'VAT returns',
      'payroll',
    ]);
    const answers = page.getByRole('region', { name: 'Recent answers' });
    await answers.waitFor();
    const links = answers.locator('ol > li a.title');
    expect(await links.count()).toBeGreaterThan(0);
    expect(await links.first().getAttribute('href')).toMatch(/^\/t\/\d+\/[^#]+#post-\d+$/);
    // The employee's feed, for readers and for feed readers.
    expect(
      await page.locator('link[rel="alternate"][type="application/atom+xml"]').getAttribute('href'),
    ).toBe(`${new URL(world.app.url).origin}/feeds/employee/dana.atom`);
    await page.screenshot({ path: `${SHOTS}/employee-profile-1280.png`, fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('topic and category pages link their own feeds', async () => {
    const origin = new URL(world.app.url).origin;
    const home = await (await fetch(`${world.portal.url}/c/banking`)).text();
    expect(home).toContain(`href="${origin}/feeds/category/banking.rss"`);
    expect(home).toContain(`href="${origin}/feeds/category/banking.atom"`);
    const topicLink = /href="(\/t\/(\d+)\/[^"]+)"/.exec(home);
    expect(topicLink).not.toBeNull();
    const topic = await (await fetch(`${world.portal.url}${topicLink?.[1]}`)).text();
    const alternates = [...topic.matchAll(/<link rel="alternate"[^>]*>/g)].map((match) => [
      /type="([^"]+)"/.exec(match[0])?.[1],
      /href="([^"]+)"/.exec(match[0])?.[1],
    ]);
    expect(alternates).toEqual([
      ['application/rss+xml', `${origin}/feeds/topic/${topicLink?.[2]}.rss`],
      ['application/atom+xml', `${origin}/feeds/topic/${topicLink?.[2]}.atom`],
    ]);
  });

  it('keeps the header to one tidy block on a 390 px phone, signed out and signed in', async () => {
    const context = await world.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const check = async (name: string) => {
      await page.goto(`${world.portal.url}/`);
      const header = await page.locator('.site-header').boundingBox();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      // No sideways scrolling, and no nav item broken over two lines.
      expect(overflow).toBe(0);
      const broken = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.site-header a, .site-header button')]
          .filter((element) => element.getClientRects().length > 1)
          .map((element) => element.textContent),
      );
      expect(broken).toEqual([]);
      const [brand, ask] = await Promise.all([
        page.locator('.brand').boundingBox(),
        page.getByRole('link', { name: 'Ask the community' }).boundingBox(),
      ]);
      expect(
        Math.abs((brand?.y ?? 0) + (brand?.height ?? 0) / 2 - ((ask?.y ?? 0) + (ask?.height ?? 0) / 2)),
      ).toBeLessThan(8);
      await page.screenshot({
        path: `${SHOTS}/header-${name}-390.png`,
        clip: { x: 0, y: 0, width: 390, height: (header?.height ?? 200) + 20 },
      });
      return header?.height ?? 0;
    };
    // The brand and "Ask" share the first row; the links follow in at most two more.
    expect(await check('signed-out')).toBeLessThan(110);
    await signIn(page, 'dana@tallybook.example');
    expect(await check('signed-in')).toBeLessThan(150);
    await context.close();
  });
});

if (browserUnavailable) console.warn(`[parley tests] browser tests skipped: ${browserUnavailable}`);

import { describe, expect, it } from 'vitest';
import { browserUnavailable } from '../support/browser.ts';
import { portalActors } from '../support/portal-actors.ts';
import { usePortalWorld } from '../support/portal-world.ts';

// Who is typing, as the topic page shows it: an internal note being written is the employees'
// business only.

const { tokenFor, createTopic, openLive } = portalActors({
  apiUrl: () => world.app.url,
  portalUrl: () => world.portal.url,
  browser: () => world.browser,
});

const world = usePortalWorld();

describe.skipIf(browserUnavailable)('typing on a topic page', () => {
  it('shows colleagues, never the customer, that an employee is writing an internal note', async () => {
    const topic = await createTopic(
      await tokenFor('maria_bakes'),
      'PROBLEM',
      `Typing where customers see it ${Date.now().toString(36)}`,
    );
    const customer = await openLive(topic.path, 'maria_bakes');
    const colleague = await openLive(topic.path, 'marcus@tallybook.example');
    const employee = await openLive(topic.path, 'dana@tallybook.example');
    const typing = (page: typeof customer.page) => page.getByText('is typing…');
    const note = employee.page.getByLabel('Internal note (only employees see it)');
    const editor = employee.page.getByLabel('Reply (Markdown)');

    await note.check();
    await editor.fill('Internal: she is on the legacy plan.');
    await expect.poll(() => typing(colleague.page).count(), { timeout: 10_000 }).toBe(1);
    // The colleague has heard it: so would the customer have, by now.
    await colleague.page.waitForTimeout(500);
    expect(await typing(customer.page).count()).toBe(0);

    // Switched to a public reply: now the customer is told.
    await editor.fill('');
    await note.uncheck();
    await editor.fill('Sorry about that, Maria.');
    await expect.poll(() => typing(customer.page).count(), { timeout: 10_000 }).toBe(1);
    for (const actor of [customer, colleague, employee]) expect(actor.problems).toEqual([]);
  });
});

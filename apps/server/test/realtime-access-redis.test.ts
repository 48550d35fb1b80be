import { afterAll, describe, expect, it } from 'vitest';
import { startApiTest } from './support/api.ts';
import { graphql } from './support/graphql.ts';
import { listening, liveClient } from './support/live.ts';
import { engine, redisUrl } from './support/test-env.ts';

// A change of rights made on one instance closes the sockets another instance holds.

const Unread = graphql(`subscription AccessUnread { unreadNotificationCount }`);
const SignOut = graphql(`mutation AccessSignOut { signOut { __typename } }`);

const skip = !redisUrl
  ? 'REDIS_URL is not set'
  : engine !== 'postgres'
    ? 'two instances share PostgreSQL only (DATABASE_URL is not set)'
    : null;
if (skip) console.info(`[parley tests] access changes across instances skipped: ${skip}`);

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

describe.skipIf(skip !== null)('access changes across instances through Redis', () => {
  it('a sign-out on one instance closes that session’s socket on another with 4403', async () => {
    const first = await startApiTest({ config: { redisUrl } });
    cleanup.push(() => first.stop());
    const second = await startApiTest({ config: { redisUrl }, shareDatabase: first.database });
    cleanup.push(() => second.stop());
    const person = await first.actor('employee');

    const live = liveClient(first.app.url, person.token);
    cleanup.push(() => live.close());
    const closed = new Promise<number>((resolve) =>
      live.client.on('closed', (event) => resolve((event as { code: number }).code)),
    );
    await live.subscribe(Unread, {}).waitFor(1);
    await listening(first.app, `access:${person.id}`); // Redis has confirmed the channel

    expect((await second.withToken(person.token).data(SignOut)).signOut.__typename).toBe(
      'MutationSignOutSuccess',
    );
    const open = new Promise<string>((resolve) => setTimeout(() => resolve('still open'), 5_000));
    expect(await Promise.race([closed, open])).toBe(4403);
  }, 30_000);

  it('an instance starting with PARLEY_ADMIN_EMAIL of a self-registered account closes its sockets everywhere', async () => {
    const first = await startApiTest({ config: { redisUrl } });
    cleanup.push(() => first.stop());
    const squatter = await first.actor('customer');
    const { email } = await first.prisma.user.findUniqueOrThrow({ where: { id: squatter.id ?? -1 } });

    const live = liveClient(first.app.url, squatter.token);
    cleanup.push(() => live.close());
    const closed = new Promise<number>((resolve) =>
      live.client.on('closed', (event) => resolve((event as { code: number }).code)),
    );
    await live.subscribe(Unread, {}).waitFor(1);
    await listening(first.app, `access:${squatter.id}`);

    const second = await startApiTest({
      config: { redisUrl, admin: { email, password: 'the operator’s own passphrase' } },
      shareDatabase: first.database,
    });
    cleanup.push(() => second.stop());
    const open = new Promise<string>((resolve) => setTimeout(() => resolve('still open'), 5_000));
    expect(await Promise.race([closed, open])).toBe(4403);
  }, 30_000);
});

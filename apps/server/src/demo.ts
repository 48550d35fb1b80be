import type { PrismaClient } from '@parley/prisma/client';
import { hashPassword } from '@parley/schema/auth/password';
import type { Clock } from '@parley/schema/context';
import type { Logger } from './log.ts';

/** Seeds the demo community into an empty database; leaves a database with any data alone. */
export async function seedIfEmpty(prisma: PrismaClient, clock: Clock, logger: Logger): Promise<boolean> {
  if (!(await isEmpty(prisma))) return false;
  await seedDemo(prisma, clock, logger);
  return true;
}

/** True when the database has no people and no categories: a fresh install. */
export async function isEmpty(prisma: PrismaClient): Promise<boolean> {
  const [users, categories] = await Promise.all([prisma.user.count(), prisma.category.count()]);
  return users === 0 && categories === 0;
}

export async function seedDemo(prisma: PrismaClient, clock: Clock, logger: Logger): Promise<void> {
  // Loaded only when seeding: the demo content is large and a running community never needs it.
  const { DEMO_PASSWORD, seedDemoCommunity } = await import('@parley/prisma/seed');
  const started = performance.now();
  // One hash for every demo account: they share the demo password by design.
  const summary = await seedDemoCommunity(prisma, {
    now: clock.now(),
    passwordHash: await hashPassword(DEMO_PASSWORD),
  });
  logger.info(
    `seeded the demo community in ${Math.round(performance.now() - started)} ms: ` +
      `${summary.employees} employees in ${summary.departments} departments, ${summary.customers} customers, ` +
      `${summary.topics} topics with ${summary.posts} replies in ${summary.categories} categories ` +
      `(every demo account's password is "${DEMO_PASSWORD}")`,
  );
}

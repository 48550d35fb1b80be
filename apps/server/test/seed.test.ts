import { DEMO_PASSWORD, demoTopics, seedDemoCommunity } from '@parley/prisma/seed';
import { verifyPassword } from '@parley/schema/auth/password';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../src/db/database.ts';
import { seedDemo } from '../src/demo.ts';
import { createLogger } from '../src/log.ts';
import { createTestDatabase, type TestDatabase } from './support/test-database.ts';

const now = new Date('2026-11-20T12:00:00.000Z');
const opened: Array<{ database: Database; test: TestDatabase }> = [];

async function seeded(passwordHash: string): Promise<Database> {
  const test = await createTestDatabase();
  const database = await openDatabase(test.config);
  opened.push({ database, test });
  await seedDemoCommunity(database.prisma, { now, passwordHash });
  return database;
}

/** Every table's rows in id order: the whole community as data. */
async function snapshot(database: Database) {
  const { prisma } = database;
  return {
    departments: await prisma.department.findMany({ orderBy: { id: 'asc' } }),
    users: await prisma.user.findMany({ orderBy: { id: 'asc' }, include: { profile: true } }),
    categories: await prisma.category.findMany({ orderBy: { id: 'asc' } }),
    tags: await prisma.tag.findMany({ orderBy: { id: 'asc' } }),
    topics: await prisma.topic.findMany({
      orderBy: { id: 'asc' },
      include: { tags: { orderBy: { tagId: 'asc' } } },
    }),
    posts: await prisma.post.findMany({ orderBy: { id: 'asc' } }),
    votes: await prisma.vote.findMany({ orderBy: [{ topicId: 'asc' }, { userId: 'asc' }] }),
    follows: await prisma.topicFollow.findMany({ orderBy: [{ topicId: 'asc' }, { userId: 'asc' }] }),
  };
}

let first: Database;

beforeAll(async () => {
  first = await seeded('demo-hash');
});
afterAll(async () => {
  for (const { database, test } of opened) {
    await database.close();
    await test.drop();
  }
});

describe('the demo community', () => {
  it('is the same community every time', async () => {
    const second = await seeded('demo-hash');
    expect(await snapshot(second)).toEqual(await snapshot(first));
  });

  it('has employees with full profiles across at least five departments', async () => {
    const employees = await first.prisma.user.findMany({
      where: { kind: 'EMPLOYEE' },
      include: { profile: true },
    });
    expect(employees.length).toBeGreaterThanOrEqual(8);
    for (const employee of employees) {
      expect(employee.profile?.title, employee.handle).toBeTruthy();
      expect(employee.bio.length, employee.handle).toBeGreaterThan(40);
      expect(employee.profile?.expertise.length, employee.handle).toBeGreaterThan(0);
    }
    const departments = new Set(employees.map((employee) => employee.profile?.departmentId));
    expect(departments.size).toBeGreaterThanOrEqual(5);
    expect(employees.some((employee) => employee.role === 'ADMIN')).toBe(true);
  });

  it('has at least 30 customers, a moderator, 6 categories and 120 topics with replies', async () => {
    const { prisma } = first;
    expect(await prisma.user.count({ where: { kind: 'CUSTOMER' } })).toBeGreaterThanOrEqual(30);
    expect(await prisma.user.count({ where: { role: 'MODERATOR' } })).toBeGreaterThanOrEqual(1);
    expect(await prisma.category.count()).toBe(6);
    expect(await prisma.topic.count()).toBeGreaterThanOrEqual(120);
    expect(await prisma.topic.count()).toBe(demoTopics.length);
    expect(await prisma.post.count()).toBeGreaterThan(180);
  });

  it('has topics answered by employees with accepted answers, and topics still waiting for one', async () => {
    const { prisma } = first;
    const accepted = await prisma.topic.findMany({
      where: { acceptedAnswerId: { not: null } },
      include: { acceptedAnswer: { include: { author: true } } },
    });
    expect(
      accepted.filter((topic) => topic.acceptedAnswer?.author.kind === 'EMPLOYEE').length,
    ).toBeGreaterThanOrEqual(15);
    for (const topic of accepted) expect(topic.status).toBe('ANSWERED');

    const waiting = await prisma.topic.count({ where: { awaitingEmployeeSince: { not: null } } });
    expect(waiting).toBeGreaterThanOrEqual(10);
    expect(
      await prisma.topic.count({ where: { firstEmployeeResponseAt: { not: null } } }),
    ).toBeGreaterThanOrEqual(60);
  });

  it('keeps every derived figure consistent with the conversations', async () => {
    const topics = await first.prisma.topic.findMany({
      include: { posts: { include: { author: true } }, _count: { select: { votes: true, follows: true } } },
    });
    for (const topic of topics) {
      const visible = topic.posts.filter((post) => !post.internal);
      expect(topic.replyCount, topic.title).toBe(visible.length);
      expect(topic.internalNoteCount, topic.title).toBe(topic.posts.length - visible.length);
      expect(topic.voteCount, topic.title).toBe(topic._count.votes);
      expect(topic.followerCount, topic.title).toBe(topic._count.follows);
      const firstEmployeeReply = visible
        .filter((post) => post.author.kind === 'EMPLOYEE')
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0];
      expect(topic.firstEmployeeResponseAt, topic.title).toEqual(firstEmployeeReply?.createdAt ?? null);
      for (const post of topic.posts) expect(post.createdAt.getTime()).toBeLessThanOrEqual(now.getTime());
    }
    const categories = await first.prisma.category.findMany({
      include: { _count: { select: { topics: true } } },
    });
    for (const category of categories) expect(category.topicCount).toBe(category._count.topics);
  });

  it('lets every demo account sign in with the demo password', async () => {
    const test = await createTestDatabase();
    const database = await openDatabase(test.config);
    opened.push({ database, test });
    await seedDemo(database.prisma, { now: () => now }, createLogger('silent'));
    const someone = await database.prisma.user.findFirstOrThrow({ where: { kind: 'CUSTOMER' } });
    expect(await verifyPassword(someone.passwordHash, DEMO_PASSWORD)).toBe(true);
    expect(await verifyPassword(someone.passwordHash, 'wrong')).toBe(false);
  });
});

import type { PrismaClient } from '../generated/client/client.ts';
import { slugify } from '../slug.ts';
import { categories } from './content/categories.ts';
import { customers } from './content/customers.ts';
import { departments } from './content/departments.ts';
import { employees } from './content/employees.ts';
import { topics1 } from './content/topics-1.ts';
import { topics2 } from './content/topics-2.ts';
import { topics3 } from './content/topics-3.ts';
import { topics4 } from './content/topics-4.ts';
import type { SeedTopic } from './content/types.ts';

/**
 * The demo community of Tallybook, a fictional accounting product: its departments,
 * employees, customers, categories and their conversations. The content is fixed; only the
 * timestamps move with `now`, so the demo always looks alive.
 */

export const demoTopics: readonly SeedTopic[] = [...topics1, ...topics2, ...topics3, ...topics4];
export {
  categories as demoCategories,
  customers as demoCustomers,
  departments as demoDepartments,
  employees as demoEmployees,
};

/** Every demo account signs in with this password (demo data only; stated in the README). */
export const DEMO_PASSWORD = 'parley-demo';

export interface SeedOptions {
  /** The moment the seed treats as now; topics are dated relative to it. */
  now: Date;
  /** The hash of DEMO_PASSWORD, computed by the caller (the server owns password hashing). */
  passwordHash: string;
}

export interface SeedSummary {
  departments: number;
  employees: number;
  customers: number;
  categories: number;
  topics: number;
  posts: number;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** Seeds the demo community in one transaction: all of it, or none of it. */
export async function seedDemoCommunity(prisma: PrismaClient, options: SeedOptions): Promise<SeedSummary> {
  const { now, passwordHash } = options;
  return prisma.$transaction(
    async (tx) => {
      const departmentIds = new Map<string, number>();
      for (const [position, department] of departments.entries()) {
        const row = await tx.department.create({ data: { ...department, position } });
        departmentIds.set(department.slug, row.id);
      }

      const userIds = new Map<string, number>();
      const employeeHandles = new Set(employees.map((employee) => employee.handle));
      const joined = (index: number) => new Date(now.getTime() - (2400 - index * 11) * HOUR);
      for (const [index, employee] of employees.entries()) {
        const user = await tx.user.create({
          data: {
            handle: employee.handle,
            email: `${employee.handle}@tallybook.example`,
            displayName: employee.displayName,
            bio: employee.bio,
            passwordHash,
            kind: 'EMPLOYEE',
            role: employee.role ?? 'MEMBER',
            createdAt: joined(index),
            profile: {
              create: {
                title: employee.title,
                departmentId: required(departmentIds, employee.department, 'department'),
                expertise: employee.expertise,
                pronouns: employee.pronouns ?? null,
                location: employee.location ?? null,
                avatarUrl: null,
                updatedAt: joined(index),
              },
            },
          },
        });
        userIds.set(employee.handle, user.id);
      }
      for (const [index, customer] of customers.entries()) {
        const user = await tx.user.create({
          data: {
            handle: customer.handle,
            email: `${customer.handle}@customers.example`,
            displayName: customer.displayName,
            bio: customer.bio,
            passwordHash,
            kind: 'CUSTOMER',
            role: customer.role ?? 'MEMBER',
            createdAt: joined(employees.length + index),
          },
        });
        userIds.set(customer.handle, user.id);
      }

      const categoryIds = new Map<string, number>();
      for (const [position, category] of categories.entries()) {
        const row = await tx.category.create({ data: { ...category, position, createdAt: now } });
        categoryIds.set(category.slug, row.id);
      }

      const tagIds = new Map<string, number>();
      for (const slug of [...new Set(demoTopics.flatMap((topic) => topic.tags))].sort()) {
        const row = await tx.tag.create({ data: { slug, name: slug.replaceAll('-', ' ') } });
        tagIds.set(slug, row.id);
      }

      // Oldest first, so ids grow with time as they would have in a real community.
      const ordered = [...demoTopics].sort(
        (a, b) => b.ageHours - a.ageHours || a.title.localeCompare(b.title),
      );
      let postCount = 0;
      for (const [index, seed] of ordered.entries()) {
        const createdAt = new Date(now.getTime() - seed.ageHours * HOUR);
        // A reply that would land after `now` has not happened yet.
        const replies = seed.replies
          .map((reply, position) => ({
            ...reply,
            position,
            at: new Date(createdAt.getTime() + reply.afterMinutes * MINUTE),
          }))
          .filter((reply) => reply.at <= now);
        const isEmployee = (handle: string) => employeeHandles.has(handle);
        const firstEmployeeReply = replies.find((reply) => !reply.internal && isEmployee(reply.author));
        const publicReplies = replies.filter((reply) => !reply.internal);
        const voters = pickVoters(seed, index);
        const authorId = required(userIds, seed.author, 'author');
        const accepted = replies.find((reply) => reply.position === seed.acceptedReply && !reply.internal);

        const topic = await tx.topic.create({
          data: {
            slug: slugify(seed.title),
            title: seed.title,
            body: seed.body,
            kind: seed.kind,
            status: seed.closed ? 'CLOSED' : accepted ? 'ANSWERED' : 'OPEN',
            ideaStatus: seed.kind === 'IDEA' ? (seed.ideaStatus ?? 'OPEN') : null,
            authorId,
            categoryId: required(categoryIds, seed.category, 'category'),
            pinned: seed.pinned ?? false,
            locked: seed.locked ?? false,
            createdAt,
            lastActivityAt: replies.at(-1)?.at ?? createdAt,
            firstEmployeeResponseAt: firstEmployeeReply?.at ?? null,
            firstEmployeeResponderId: firstEmployeeReply
              ? required(userIds, firstEmployeeReply.author, 'author')
              : null,
            awaitingEmployeeSince:
              firstEmployeeReply || seed.closed || isEmployee(seed.author) ? null : createdAt,
            replyCount: publicReplies.length,
            internalNoteCount: replies.length - publicReplies.length,
            voteCount: voters.length,
            tags: { create: seed.tags.map((slug) => ({ tagId: required(tagIds, slug, 'tag') })) },
          },
        });

        let acceptedPostId: number | undefined;
        for (const reply of replies) {
          const post = await tx.post.create({
            data: {
              topicId: topic.id,
              authorId: required(userIds, reply.author, 'author'),
              body: reply.body,
              internal: reply.internal ?? false,
              createdAt: reply.at,
            },
          });
          if (reply === accepted) acceptedPostId = post.id;
          postCount++;
        }

        // Authors and everyone who replied in public follow the topic, as they would live.
        const followers = [...new Set([seed.author, ...publicReplies.map((reply) => reply.author)])];
        await tx.topicFollow.createMany({
          data: followers.map((handle) => ({
            topicId: topic.id,
            userId: required(userIds, handle, 'follower'),
            createdAt,
          })),
        });
        if (voters.length > 0) {
          await tx.vote.createMany({
            data: voters.map((handle) => ({
              topicId: topic.id,
              userId: required(userIds, handle, 'voter'),
              createdAt,
            })),
          });
        }
        await tx.topic.update({
          where: { id: topic.id },
          data: {
            followerCount: followers.length,
            ...(acceptedPostId ? { acceptedAnswerId: acceptedPostId } : {}),
          },
        });
      }

      for (const [slug, id] of categoryIds) {
        const topicCount = ordered.filter((topic) => topic.category === slug).length;
        await tx.category.update({ where: { id }, data: { topicCount } });
      }
      for (const [slug, id] of tagIds) {
        const topicCount = ordered.filter((topic) => topic.tags.includes(slug)).length;
        await tx.tag.update({ where: { id }, data: { topicCount } });
      }

      return {
        departments: departments.length,
        employees: employees.length,
        customers: customers.length,
        categories: categories.length,
        topics: ordered.length,
        posts: postCount,
      };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

/** The same customers vote for the same idea on every run. */
function pickVoters(topic: SeedTopic, index: number): string[] {
  const count = Math.min(topic.votes ?? 0, customers.length);
  const start = (index * 7) % customers.length;
  const voters: string[] = [];
  for (let offset = 0; voters.length < count; offset++) {
    const customer = customers[(start + offset * 3) % customers.length];
    if (customer && customer.handle !== topic.author && !voters.includes(customer.handle))
      voters.push(customer.handle);
    if (offset > customers.length * 3) break;
  }
  return voters;
}

function required(ids: ReadonlyMap<string, number>, key: string, what: string): number {
  const id = ids.get(key);
  if (id === undefined) throw new Error(`Demo content refers to an unknown ${what}: ${key}`);
  return id;
}

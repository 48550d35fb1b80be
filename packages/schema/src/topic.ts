import type { Prisma } from '@parley/prisma/client';
import { builder } from './builder.ts';
import { Category } from './category.ts';
import { db } from './db.ts';
import { categoryDirectory, tagDirectory } from './directory.ts';
import { IdeaStatusEnum, TopicKindEnum, TopicStatusEnum, UserKindEnum } from './enums.ts';
import { selection } from './lookup.ts';
import { Person } from './person.ts';
import { publicCursor } from './realtime/events.ts';
import { Tag } from './tag.ts';
import { pageSizeLimit } from './validation.ts';
import { publicPosts, seesInternal, visiblePostsInTopic, visibleTopics } from './visibility.ts';

/**
 * The columns every topic row shows (the portal's list row, a card, a feed item): read on every
 * load of a topic and resolved as plain property reads. A field that declares its own `select`
 * costs the prisma plugin a lookup of how its row was loaded, for every field of every row (some
 * 650 on a page of 50 topics with their authors), where these small columns cost the database
 * next to nothing. The body and the rest stay on demand.
 */
const cardColumns = {
  id: true,
  slug: true,
  title: true,
  categoryId: true,
  kind: true,
  status: true,
  pinned: true,
  locked: true,
  replyCount: true,
  voteCount: true,
  createdAt: true,
  lastActivityAt: true,
  awaitingEmployeeSince: true,
  firstEmployeeResponseAt: true,
} as const satisfies Prisma.TopicSelect;

export const Topic = builder.prismaNode('Topic', {
  id: { field: 'id' },
  // Select mode: a list reads the columns its fields ask for, not every body on the page.
  // What every topic row shows is read always and resolved as plain reads (`cardColumns`).
  select: cardColumns,
  // node(id) answers null, not an error, for what the viewer may not see.
  nullable: true,
  // node(id) obeys the same visibility as every list: a hidden topic does not exist for customers.
  findUnique: (id, context) =>
    ({ id: Number(id), ...visibleTopics(context.viewer) }) as Prisma.TopicWhereUniqueInput,
  description:
    'A conversation a customer (usually) started: a question, idea, problem, praise or discussion.',
  fields: (t) => ({
    slug: t.string({
      description: 'URL words from the title; the id identifies the topic.',
      resolve: (topic) => topic.slug,
    }),
    title: t.string({ resolve: (topic) => topic.title }),
    body: t.exposeString('body', { description: 'Markdown, as the author wrote it.' }),
    kind: t.field({ type: TopicKindEnum, resolve: (topic) => topic.kind }),
    status: t.field({ type: TopicStatusEnum, resolve: (topic) => topic.status }),
    ideaStatus: t.expose('ideaStatus', {
      type: IdeaStatusEnum,
      nullable: true,
      description: 'For ideas only.',
    }),
    pinned: t.boolean({ resolve: (topic) => topic.pinned }),
    locked: t.boolean({
      description: 'A locked topic takes no new replies.',
      resolve: (topic) => topic.locked,
    }),
    hidden: t.exposeBoolean('hidden', {
      description: 'Only moderators and employees ever see hidden topics.',
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (topic) => topic.createdAt }),
    editedAt: t.expose('editedAt', { type: 'DateTime', nullable: true }),
    revisions: t.relation('revisions', {
      description: 'Earlier versions of the title and body, oldest first: the edit history anyone can read.',
      query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
    }),
    lastActivityAt: t.field({ type: 'DateTime', resolve: (topic) => topic.lastActivityAt }),
    activityCursor: t.int({
      description:
        'The latest `topicActivity` cursor: subscribe with `after` set to it to receive every change made since this read.',
      select: { eventSeq: true },
      // Counted in the public sequence for those who cannot see internal notes: it does not move for one.
      resolve: (topic, _args, context) =>
        seesInternal(context.viewer) ? topic.eventSeq : publicCursor(topic.id, topic.eventSeq),
    }),
    replyCount: t.int({
      description: 'Public replies (internal notes never count).',
      resolve: (topic) => topic.replyCount,
    }),
    voteCount: t.int({ resolve: (topic) => topic.voteCount }),
    followerCount: t.exposeInt('followerCount'),
    internalNoteCount: t.int({
      nullable: true,
      description: 'Employee-only notes on this topic; null for everyone but employees.',
      select: { internalNoteCount: true },
      resolve: (topic, _args, context) => (seesInternal(context.viewer) ? topic.internalNoteCount : null),
    }),
    author: t.relation('author'),
    category: t.field({
      type: Category,
      // The id is a card column; the category's slug and name come from the directory.
      resolve: (topic) => categoryDirectory().one(topic.categoryId),
    }),
    tags: t.field({
      type: [Tag],
      description: 'Ordered by slug.',
      // Only the links are read with the topic; the tags themselves come from the directory.
      select: { tags: { select: { tagId: true } } },
      resolve: (topic) => tagDirectory().many(topic.tags.map((link) => link.tagId)),
    }),
    firstEmployeeResponseAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the first public employee reply landed; internal notes never count.',
      resolve: (topic) => topic.firstEmployeeResponseAt,
    }),
    firstEmployeeResponder: t.relation('firstEmployeeResponder', { nullable: true }),
    firstResponseMinutes: t.int({
      nullable: true,
      description: 'Minutes from the topic starting to the first public employee reply.',
      resolve: (topic) =>
        topic.firstEmployeeResponseAt
          ? Math.round((topic.firstEmployeeResponseAt.getTime() - topic.createdAt.getTime()) / 60_000)
          : null,
    }),
    awaitingEmployee: t.boolean({
      description: 'True while a customer topic waits for its first public employee reply.',
      resolve: (topic) => topic.awaitingEmployeeSince !== null,
    }),
    awaitingEmployeeSince: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (topic) => topic.awaitingEmployeeSince,
    }),
    viewerHasVoted: t.boolean({
      select: (_args, context) => ({
        votes: { where: { userId: context.viewer?.id ?? -1 }, select: { userId: true } },
      }),
      resolve: (topic) => topic.votes.length > 0,
    }),
    viewerIsFollowing: t.boolean({
      select: (_args, context) => ({
        follows: { where: { userId: context.viewer?.id ?? -1 }, select: { userId: true } },
      }),
      resolve: (topic) => topic.follows.length > 0,
    }),
    participants: t.prismaField({
      type: [Person],
      description: 'The author and everyone whose replies the viewer can see, in order of joining.',
      select: { authorId: true },
      resolve: (query, topic, _args, context) =>
        db.user.findMany({
          ...selection(query),
          where: {
            OR: [
              { id: topic.authorId },
              { posts: { some: { topicId: topic.id, ...visiblePostsInTopic(context.viewer) } } },
            ],
          },
          orderBy: { id: 'asc' },
        }),
    }),
    employeeParticipants: t.prismaField({
      type: [Person],
      description: 'Employees who replied in public: the company people the customer talked to.',
      resolve: (query, topic) =>
        db.user.findMany({
          ...selection(query),
          where: { kind: 'EMPLOYEE', posts: { some: { topicId: topic.id, ...publicPosts } } },
          orderBy: { displayName: 'asc' },
        }),
    }),
  }),
});

export const TopicOrderEnum = builder.enumType('TopicOrder', {
  values: {
    LATEST: { description: 'Newest first.' },
    ACTIVE: { description: 'Most recent reply first.' },
    TOP: { description: 'Most votes first.' },
    OLDEST_AWAITING: { description: 'Waiting longest for an employee first (the employees’ inbox).' },
    STATUS_CHANGED: {
      description: 'Ideas whose status an employee changed most recently first (the roadmap).',
    },
  } as const,
});

export const TopicFilter = builder.inputType('TopicFilter', {
  fields: (t) => ({
    category: t.string({ description: 'A category slug.' }),
    tag: t.string({ description: 'A tag slug.' }),
    kind: t.field({ type: TopicKindEnum }),
    status: t.field({ type: TopicStatusEnum }),
    ideaStatus: t.field({ type: IdeaStatusEnum }),
    authorKind: t.field({ type: UserKindEnum, description: 'Topics started by customers, or by employees.' }),
    awaitingEmployee: t.boolean({ description: 'Only topics waiting (or not) for a public employee reply.' }),
    author: t.string({ description: 'A person’s handle.' }),
  }),
});

type Filter = typeof TopicFilter.$inferInput;
type Order = typeof TopicOrderEnum.$inferType;

function topicWhere(filter: Filter | null | undefined, order: Order): Prisma.TopicWhereInput {
  const where: Prisma.TopicWhereInput = {};
  if (filter?.category) where.category = { slug: filter.category };
  if (filter?.tag) where.tags = { some: { tag: { slug: filter.tag } } };
  if (filter?.kind) where.kind = filter.kind;
  if (filter?.status) where.status = filter.status;
  if (filter?.ideaStatus) where.ideaStatus = filter.ideaStatus;
  if (filter?.authorKind || filter?.author) {
    where.author = {
      ...(filter.authorKind ? { kind: filter.authorKind } : {}),
      ...(filter.author ? { handle: filter.author } : {}),
    };
  }
  const awaiting = order === 'OLDEST_AWAITING' ? true : filter?.awaitingEmployee;
  if (awaiting != null) where.awaitingEmployeeSince = awaiting ? { not: null } : null;
  return where;
}

const orderBy: Record<Order, Prisma.TopicOrderByWithRelationInput[]> = {
  LATEST: [{ createdAt: 'desc' }, { id: 'desc' }],
  ACTIVE: [{ lastActivityAt: 'desc' }, { id: 'desc' }],
  TOP: [{ voteCount: 'desc' }, { id: 'desc' }],
  OLDEST_AWAITING: [{ awaitingEmployeeSince: 'asc' }, { id: 'asc' }],
  STATUS_CHANGED: [{ ideaStatusChangedAt: { sort: 'desc', nulls: 'last' } }, { id: 'desc' }],
};

builder.queryField('topics', (t) =>
  t.prismaConnection({
    type: Topic,
    cursor: 'id',
    maxSize: pageSizeLimit,
    description: 'Topics the viewer may see. Cursors stay valid while new topics arrive.',
    args: {
      filter: t.arg({ type: TopicFilter }),
      orderBy: t.arg({ type: TopicOrderEnum, defaultValue: 'LATEST' }),
    },
    resolve: (query, _root, args, context) => {
      const order = args.orderBy ?? 'LATEST';
      return db.topic.findMany({
        ...selection(query),
        where: { ...topicWhere(args.filter, order), ...visibleTopics(context.viewer) },
        orderBy: orderBy[order],
        // One statement for the page: its authors join in, and tags and categories, which would
        // make that join expensive, come from their directories (docs/benchmarks.md).
        relationLoadStrategy: 'join',
      });
    },
  }),
);

builder.queryField('topic', (t) =>
  t.prismaField({
    type: Topic,
    nullable: true,
    description:
      'One topic by id (a global id or the number in its URL), or else by slug. Null when unknown or hidden.',
    args: { id: t.arg.id(), slug: t.arg.string() },
    resolve: async (query, _root, args, context) => {
      const id = args.id == null ? null : topicNumber(String(args.id));
      if (id === null && !args.slug) return null;
      return db.topic.findFirst({
        ...selection(query),
        where: { ...(id !== null ? { id } : { slug: args.slug ?? '' }), ...visibleTopics(context.viewer) },
        orderBy: { id: 'asc' },
      });
    },
  }),
);

/** Accepts the plain number from a portal URL or a Relay global id (`Topic:42`, base64). */
function topicNumber(id: string): number | null {
  if (/^\d+$/.test(id)) return Number(id);
  const decoded = Buffer.from(id, 'base64').toString('utf8');
  const match = /^Topic:(\d+)$/.exec(decoded);
  return match ? Number(match[1]) : null;
}

builder.prismaObject('TopicRevision', {
  description: 'The title and body of a topic as they were before an edit.',
  fields: (t) => ({
    title: t.exposeString('title'),
    body: t.exposeString('body'),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was replaced.' }),
    editor: t.relation('editor'),
  }),
});

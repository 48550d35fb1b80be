import type { Prisma } from '@parley/prisma/client';
import type { NotificationKind } from '@parley/prisma/enums';

/** A Prisma transaction client: notifications are written in the same transaction as the change. */
export type Tx = Prisma.TransactionClient;

export interface TopicEvent {
  topicId: number;
  /** Who did it; never notified about their own action. */
  actorId: number;
  kind: NotificationKind;
  postId?: number;
  /** An internal note (or a change on a hidden topic): only employees hear of it. */
  internal?: boolean;
  at: Date;
}

/**
 * Notifies every follower of the topic except the actor (and, for internal events, except
 * customers). Called inside the transaction of every write that happens to a topic.
 * @returns the notifications written (their owners are not told twice about one post by mentions).
 */
export async function notifyFollowers(tx: Tx, event: TopicEvent): Promise<Written[]> {
  return notify(tx, event, await followersOf(tx, event));
}

function followersOf(
  tx: Tx,
  event: Pick<TopicEvent, 'topicId' | 'actorId' | 'internal'>,
): Promise<{ userId: number }[]> {
  return tx.topicFollow.findMany({
    where: {
      topicId: event.topicId,
      userId: { not: event.actorId },
      ...(event.internal ? { user: { kind: 'EMPLOYEE' } } : {}),
    },
    select: { userId: true },
  });
}

/**
 * Tells the topic's followers of a reply. A follower with an unread notification of replies to
 * the topic has this one gathered into it (the latest time and replier, one more reply) rather
 * than a line of its own, so a busy topic is one line in the inbox until it is read. Replies
 * gather only with their kind: internal notes with internal notes, public replies with public
 * ones, so a notification never stands for what its owner may stop being able to read. One
 * whose first reply is hidden or deleted since gathers no more.
 */
export async function notifyFollowersOfReply(
  tx: Tx,
  event: Omit<TopicEvent, 'kind'> & { postId: number; note: boolean },
  /** Told of this reply already (mentioned in it): a mention is its own line, never gathered. */
  alreadyNotified: readonly Written[] = [],
): Promise<Written[]> {
  const skip = new Set(alreadyNotified.map((written) => written.userId));
  const followers = (await followersOf(tx, event)).filter((follower) => !skip.has(follower.userId));
  if (followers.length === 0) return [];
  const gathered = await tx.notification.updateManyAndReturn({
    where: {
      userId: { in: followers.map((follower) => follower.userId) },
      kind: 'REPLY',
      topicId: event.topicId,
      readAt: null,
      post: { internal: event.note, hidden: false, deletedAt: null },
    },
    data: { createdAt: event.at, actorId: event.actorId, gathered: { increment: 1 } },
    select: { id: true, userId: true },
  });
  const told = new Set(gathered.map((written) => written.userId));
  const rest = followers.filter((follower) => !told.has(follower.userId));
  return [...gathered, ...(await notify(tx, { ...event, kind: 'REPLY' }, rest))];
}

/**
 * A reply withdrawn (hidden or deleted) that was the latest gathered into unread notifications:
 * each takes the latest reply of the same kind still there, by someone other than its owner, as
 * its time and replier. A notification never names the writer of what its owner can no longer
 * read, nor sorts by its time.
 */
export async function ungatherReply(
  tx: Tx,
  post: { id: number; topicId: number; authorId: number; internal: boolean; createdAt: Date },
): Promise<void> {
  const stale = await tx.notification.findMany({
    where: {
      kind: 'REPLY',
      topicId: post.topicId,
      readAt: null,
      gathered: { gt: 1 },
      createdAt: post.createdAt,
      actorId: post.authorId,
    },
    select: { id: true, userId: true },
  });
  if (stale.length === 0) return;
  const earlier = (exceptAuthor?: number) =>
    tx.post.findFirst({
      where: {
        topicId: post.topicId,
        id: { not: post.id },
        internal: post.internal,
        hidden: false,
        deletedAt: null,
        createdAt: { lte: post.createdAt },
        ...(exceptAuthor === undefined ? {} : { authorId: { not: exceptAuthor } }),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { createdAt: true, authorId: true },
    });
  // An owner's own replies never stand in for them: the latest reply does for everyone else,
  // the latest by anyone but its author for that author.
  const latest = await earlier();
  if (!latest) return;
  const forItsAuthor = await earlier(latest.authorId);
  for (const [reply, owners] of [
    [latest, stale.filter((notification) => notification.userId !== latest.authorId)],
    [forItsAuthor, stale.filter((notification) => notification.userId === latest.authorId)],
  ] as const) {
    if (!reply || owners.length === 0) continue;
    await tx.notification.updateMany({
      where: { id: { in: owners.map((notification) => notification.id) } },
      data: { createdAt: reply.createdAt, actorId: reply.authorId },
    });
  }
}

/** One new notification of `event` for each of `people`. */
function notify(tx: Tx, event: TopicEvent, people: readonly { userId: number }[]): Promise<Written[]> {
  return tx.notification.createManyAndReturn({
    data: people.map(({ userId }) => ({
      userId,
      kind: event.kind,
      topicId: event.topicId,
      postId: event.postId ?? null,
      actorId: event.actorId,
      createdAt: event.at,
    })),
    select: { id: true, userId: true },
  });
}

/** A notification just written: enough to tell its owner live. */
export interface Written {
  id: number;
  userId: number;
}

/** `@handle` where a handle may start: not inside an email address or a word. */
const MENTION = /(?<![\w@.])@([a-z0-9_-]{3,30})\b/g;

export function mentionedHandles(body: string): string[] {
  return [...new Set([...body.toLowerCase().matchAll(MENTION)].map((match) => match[1] ?? ''))];
}

/**
 * Notifies people mentioned as `@handle` in a body (once each, never the actor; for internal
 * notes and hidden topics only employees), skipping those already told about the same post.
 */
export async function notifyMentions(
  tx: Tx,
  mention: { body: string; actorId: number; topicId: number; postId?: number; internal?: boolean; at: Date },
  alreadyNotified: readonly Written[] = [],
): Promise<Written[]> {
  const handles = mentionedHandles(mention.body).slice(0, 20);
  if (handles.length === 0) return [];
  const people = await tx.user.findMany({
    where: {
      handle: { in: handles },
      id: { notIn: [mention.actorId, ...alreadyNotified.map((written) => written.userId)] },
      ...(mention.internal ? { kind: 'EMPLOYEE' } : {}),
    },
    select: { id: true },
  });
  return tx.notification.createManyAndReturn({
    data: people.map(({ id }) => ({
      userId: id,
      kind: 'MENTION' as const,
      topicId: mention.topicId,
      postId: mention.postId ?? null,
      actorId: mention.actorId,
      createdAt: mention.at,
    })),
    select: { id: true, userId: true },
  });
}

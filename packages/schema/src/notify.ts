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

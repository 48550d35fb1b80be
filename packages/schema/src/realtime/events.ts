import type { TopicEventKind } from '@parley/prisma/enums';
import { db } from '../db.ts';
import type { Tx } from '../notify.ts';

/**
 * What travels between server instances (in process, or through Redis as JSON): ids and flags
 * only. Each instance loads the rows at delivery, with the subscriber's own rights.
 */
export interface LiveTopicEvent {
  /** The topic's event cursor; null for ephemeral events (typing), which are never replayed. */
  seq: number | null;
  kind: TopicEventKind | 'TYPING';
  postId: number | null;
  actorId: number | null;
  /** Only employees may receive it. */
  internal: boolean;
  changes: string[];
  typing?: boolean;
}

export interface LiveCategoryEvent {
  kind: 'TOPIC_CREATED' | 'TOPIC_CHANGED';
  topicId: number;
  changes: string[];
}

/** A notification for the channel's owner, or some of theirs marked read (in any tab or device). */
export type LiveUserEvent = { kind: 'NOTIFICATION'; notificationId: number } | { kind: 'READ' };

/** A viewer of a topic page announcing itself; repeated while they stay, so vanished ones expire. */
export interface LivePresenceEvent {
  kind: 'JOIN' | 'BEAT' | 'LEAVE';
  /** One per watching subscription. */
  key: string;
  userId: number | null;
  employee: boolean;
}

/** An API token was revoked: every instance closes the sockets it opened. */
export interface LiveTokenEvent {
  kind: 'REVOKED';
}

/**
 * What a person may see changed (kind, role) or one of their sessions ended: every instance
 * closes the sockets that speak for it (4403), and the clients reconnect with current rights.
 */
export interface LiveAccessEvent {
  /** Only this session's sockets; without it, all of the person's (sessions and API tokens). */
  sessionId?: number;
}

/** The channels, by routing key: yoga's `createPubSub` (in process or Redis) satisfies this. */
export interface RealtimePubSub {
  publish(routingKey: 'topic', topicId: number, event: LiveTopicEvent): void;
  publish(routingKey: 'category', categoryId: number | 'all', event: LiveCategoryEvent): void;
  publish(routingKey: 'user', userId: number, event: LiveUserEvent): void;
  publish(routingKey: 'presence', topicId: number, event: LivePresenceEvent): void;
  publish(routingKey: 'token', tokenId: number, event: LiveTokenEvent): void;
  publish(routingKey: 'access', userId: number, event: LiveAccessEvent): void;
  subscribe(routingKey: 'topic', topicId: number): AsyncIterable<LiveTopicEvent>;
  subscribe(routingKey: 'category', categoryId: number | 'all'): AsyncIterable<LiveCategoryEvent>;
  subscribe(routingKey: 'user', userId: number): AsyncIterable<LiveUserEvent>;
  subscribe(routingKey: 'presence', topicId: number): AsyncIterable<LivePresenceEvent>;
  subscribe(routingKey: 'token', tokenId: number): AsyncIterable<LiveTokenEvent>;
  subscribe(routingKey: 'access', userId: number): AsyncIterable<LiveAccessEvent>;
}

/** An event to publish once the transaction that caused it has committed. */
export type Outgoing =
  | { channel: 'topic'; id: number; event: LiveTopicEvent }
  | { channel: 'category'; id: number; event: LiveCategoryEvent }
  | { channel: 'user'; id: number; event: LiveUserEvent };

/**
 * Numbers a change to a topic and keeps it (same transaction as the change), so reconnecting
 * subscribers can ask for everything after their last cursor. The row lock taken by the
 * increment orders concurrent writers.
 */
export async function recordTopicEvent(
  tx: Tx,
  event: {
    topicId: number;
    kind: TopicEventKind;
    actorId: number;
    postId?: number;
    internal?: boolean;
    changes?: string[];
    at: Date;
  },
): Promise<Outgoing> {
  const { eventSeq } = await tx.topic.update({
    where: { id: event.topicId },
    data: { eventSeq: { increment: 1 } },
    select: { eventSeq: true },
  });
  const row = {
    topicId: event.topicId,
    seq: eventSeq,
    kind: event.kind,
    postId: event.postId ?? null,
    actorId: event.actorId,
    internal: event.internal ?? false,
    changes: event.changes ?? [],
  };
  await tx.topicEvent.create({ data: { ...row, createdAt: event.at } });
  const { topicId, ...live } = row;
  return { channel: 'topic', id: topicId, event: live };
}

/**
 * A topic's cursor for viewers who cannot see internal notes: how many of its events up to
 * `upTo` (its one sequence) were not internal. It does not move for an internal note, a reaction
 * to one or its edit, so such a viewer cannot tell that any happened.
 */
export function publicCursor(topicId: number, upTo: number): Promise<number> {
  return db.topicEvent.count({ where: { topicId, internal: false, seq: { lte: upTo } } });
}

/** Where public cursor `cursor` stands in the topic's one sequence; null if it is past the end. */
export async function seqOfPublicCursor(topicId: number, cursor: number): Promise<number | null> {
  if (cursor <= 0) return 0;
  const row = await db.topicEvent.findFirst({
    where: { topicId, internal: false },
    orderBy: { seq: 'asc' },
    skip: cursor - 1,
    select: { seq: true },
  });
  return row?.seq ?? null;
}

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
  /** An internal note: only employees among the followers hear of it. */
  internal?: boolean;
}

/**
 * Notifies every follower of the topic except the actor (and, for internal events, except
 * customers). Called inside the transaction of every write that happens to a topic.
 */
export async function notifyFollowers(tx: Tx, event: TopicEvent): Promise<number> {
  void tx;
  void event;
  throw new Error('notifyFollowers is not implemented yet');
}

/**
 * Notifies people mentioned as `@handle` in a body (once each, never the actor; for internal
 * notes only employees), skipping those `notifyFollowers` already told about the same post.
 */
export async function notifyMentions(
  tx: Tx,
  mention: { body: string; actorId: number; topicId: number; postId?: number; internal?: boolean },
  alreadyNotified: ReadonlySet<number> = new Set(),
): Promise<number> {
  void tx;
  void mention;
  void alreadyNotified;
  throw new Error('notifyMentions is not implemented yet');
}

import type { Context } from '../context.ts';
import { db } from '../db.ts';
import type { Tx } from '../notify.ts';
import { recordWebhookEvents } from '../webhook-events.ts';
import type { Outgoing } from './events.ts';

/**
 * Runs a write in one transaction and publishes the events it produced only after the commit:
 * a rolled-back write publishes nothing. Publishing never fails the write (an unreachable
 * Redis loses live delivery, not data; subscribers catch up from the stored events). The
 * webhook outbox rows for those events are written inside the transaction.
 */
/**
 * A burst of writes (100 replies at once) queues for the pool's connections: waiting a few
 * seconds for one is better than failing the write, which Prisma's 2-second default would do.
 */
const TRANSACTION_WAIT = { maxWait: 15_000, timeout: 30_000 };

export async function transact<T>(
  context: Context,
  write: (tx: Tx, emit: (...events: Outgoing[]) => void) => Promise<T>,
): Promise<T> {
  const outgoing: Outgoing[] = [];
  const result = await db.$transaction(async (tx) => {
    const value = await write(tx, (...events) => outgoing.push(...events));
    await recordWebhookEvents(tx, outgoing, () => context.services.clock.now());
    return value;
  }, TRANSACTION_WAIT);
  for (const item of outgoing) {
    try {
      if (item.channel === 'topic') context.services.pubsub.publish('topic', item.id, item.event);
      else if (item.channel === 'category') {
        context.services.pubsub.publish('category', item.id, item.event);
        context.services.pubsub.publish('category', 'all', item.event);
      } else context.services.pubsub.publish('user', item.id, item.event);
    } catch (error) {
      context.services.onPublishError?.(error);
    }
  }
  return result;
}

/** Notification rows just written, as events for their owners' `notificationAdded`. */
export function notificationEvents(rows: readonly { id: number; userId: number }[]): Outgoing[] {
  return rows.map((row) => ({
    channel: 'user' as const,
    id: row.userId,
    event: { kind: 'NOTIFICATION' as const, notificationId: row.id },
  }));
}

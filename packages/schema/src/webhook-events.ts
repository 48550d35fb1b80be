import type { Prisma } from '@parley/prisma/client';
import type { Tx } from './notify.ts';
import type { Outgoing } from './realtime/events.ts';

/** The events a webhook can subscribe to, by their wire names. */
export const WEBHOOK_EVENTS = [
  'topic.created',
  'post.created',
  'topic.answered',
  'topic.awaiting_employee_over_sla',
] as const;
export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number];

/** What an outbox row holds: ids and flags only; the body is built per webhook with its rights. */
export interface WebhookOutboxPayload {
  topicId: number;
  postId?: number;
  actorId?: number;
  /** Only internal webhooks may receive it (an internal note, a hidden topic), decided at write time. */
  internal?: boolean;
}

/**
 * The webhook events a write produced, derived from the live events it emitted, as outbox rows
 * written in the same transaction: a committed write always has them, a rolled-back one never.
 * `post.created` and `topic.created` carry a key, so re-showing a hidden reply is not a new post.
 */
export async function recordWebhookEvents(
  tx: Tx,
  outgoing: readonly Outgoing[],
  now: () => Date,
): Promise<void> {
  const rows: Prisma.WebhookOutboxCreateManyInput[] = [];
  const add = (event: WebhookEventName, payload: WebhookOutboxPayload, dedupeKey: string | null) =>
    rows.push({ event, payload: { ...payload }, createdAt: now(), dedupeKey });
  for (const item of outgoing) {
    if (item.channel === 'category' && item.event.kind === 'TOPIC_CREATED') {
      add('topic.created', { topicId: item.event.topicId }, `topic.created:${item.event.topicId}`);
    } else if (item.channel === 'topic') {
      const { event } = item;
      const base = {
        topicId: item.id,
        ...(event.postId !== null ? { postId: event.postId } : {}),
        ...(event.actorId !== null ? { actorId: event.actorId } : {}),
        internal: event.internal,
      };
      if (event.kind === 'POST_ADDED' && event.postId !== null)
        add('post.created', base, `post.created:${event.postId}`);
      else if (
        event.kind === 'TOPIC_CHANGED' &&
        event.changes.includes('acceptedAnswer') &&
        event.postId !== null
      )
        add('topic.answered', base, null);
    }
  }
  if (rows.length > 0) await tx.webhookOutbox.createMany({ data: rows, skipDuplicates: true });
}

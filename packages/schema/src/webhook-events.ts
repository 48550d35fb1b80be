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
  /** `topic.awaiting_employee_over_sla` rebuilt for a retry: the wait it told about (ISO time). */
  awaitingSince?: string;
}

/** How long an instance trusts its list of subscribed events (another instance's new webhook shows after this). */
export const SUBSCRIBED_EVENTS_TTL_MS = 5_000;
let subscribed: { names: Promise<ReadonlySet<string>>; at: number } | undefined;

/** Webhooks were created, changed or deleted here: re-read the subscribed events on the next write. */
export function forgetSubscribedWebhookEvents(): void {
  subscribed = undefined;
}

/** The events some active webhook wants, re-read at most every few seconds. */
function subscribedEvents(tx: Tx): Promise<ReadonlySet<string>> {
  const now = Date.now();
  if (!subscribed || now - subscribed.at > SUBSCRIBED_EVENTS_TTL_MS) {
    const names = tx.webhook
      .findMany({ where: { active: true }, select: { events: true } })
      .then((hooks) => new Set(hooks.flatMap((hook) => hook.events)));
    subscribed = { names, at: now };
    // A failed read is not kept: the next write asks again.
    names.catch(() => {
      subscribed = undefined;
    });
  }
  return subscribed.names;
}

/**
 * The webhook events a write produced, derived from the live events it emitted, as outbox rows
 * written in the same transaction: a committed write always has them, a rolled-back one never.
 * `post.created` and `topic.created` carry a key, so re-showing a hidden reply is not a new post;
 * `topic.answered` one of its topic and answer, so accepting the same reply again is not a new event.
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
        add('topic.answered', base, `topic.answered:${item.id}:${event.postId}`);
    }
  }
  if (rows.length === 0) return;
  // Nothing is written for events no webhook wants: most writes add no statement at all.
  const wanted = await subscribedEvents(tx);
  const kept = rows.filter((row) => wanted.has(row.event));
  if (kept.length > 0) await tx.webhookOutbox.createMany({ data: kept, skipDuplicates: true });
}

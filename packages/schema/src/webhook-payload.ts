import { encodeGlobalID } from '@pothos/plugin-relay';
import { decodeRowGlobalID } from './global-id-errors.ts';
import { links } from './links.ts';
import type { Tx } from './notify.ts';
import type { WebhookEventName, WebhookOutboxPayload } from './webhook-events.ts';

const person = { select: { handle: true, displayName: true, kind: true } } as const;

/** One outbox event, as the dispatcher reads it or as recovered from a body built earlier. */
export interface WebhookEvent {
  id: bigint;
  event: string;
  payload: unknown;
  createdAt: Date;
}

/** A body to send, or why this webhook may not be sent the event (recorded in the log). */
export type WebhookBuild = { body: string } | { withheld: string };

const withheld = (reason: string): WebhookBuild => ({ withheld: reason });

/** The delivery log's `lastError` for a delivery closed without being sent. */
export const notSent = (reason: string): string => `not sent: ${reason}`;

/**
 * The JSON body one webhook receives for one event, or why it may not receive it. Built from the
 * rows as they are now, so calling it again before each attempt drops what became hidden since:
 * a webhook that is not `internal` never gets an internal note, a hidden reply, or anything about
 * a hidden topic, whatever the event said; nobody gets a deleted reply.
 */
export async function webhookBody(
  tx: Tx,
  event: WebhookEvent,
  webhook: { internal: boolean },
  baseUrl: string,
  now: Date,
): Promise<WebhookBuild> {
  const payload = event.payload as WebhookOutboxPayload;
  if (!webhook.internal && payload.internal) return withheld('it is internal and the webhook is not');
  const topic = await tx.topic.findUnique({
    where: { id: payload.topicId },
    include: { author: person, category: { select: { slug: true, name: true } } },
  });
  if (!topic) return withheld('the topic no longer exists');
  if (!webhook.internal && topic.hidden) return withheld('the topic is hidden');
  const name = event.event as WebhookEventName;
  if (name === 'topic.awaiting_employee_over_sla') {
    const since = topic.awaitingEmployeeSince;
    if (since === null) return withheld('the topic no longer waits for an employee');
    // A retry tells about the wait it was built for, not a later one.
    if (payload.awaitingSince !== undefined && Date.parse(payload.awaitingSince) !== since.getTime())
      return withheld('the wait it told about has ended');
  }

  const data: Record<string, unknown> = {
    topic: {
      id: encodeGlobalID('Topic', topic.id),
      number: topic.id,
      title: topic.title,
      body: topic.body,
      kind: topic.kind,
      status: topic.status,
      url: links.topic(baseUrl, topic),
      category: topic.category,
      author: topic.author,
      createdAt: topic.createdAt.toISOString(),
      awaitingEmployeeSince: topic.awaitingEmployeeSince?.toISOString() ?? null,
      ...(webhook.internal ? { hidden: topic.hidden } : {}),
    },
  };
  if (name === 'topic.awaiting_employee_over_sla' && topic.awaitingEmployeeSince) {
    data.waitingMinutes = Math.floor((now.getTime() - topic.awaitingEmployeeSince.getTime()) / 60_000);
  }
  if (payload.postId !== undefined) {
    const post = await tx.post.findUnique({ where: { id: payload.postId }, include: { author: person } });
    if (!post || post.deletedAt !== null) return withheld('the reply was deleted');
    if (!webhook.internal && post.internal) return withheld('the reply is an internal note');
    if (!webhook.internal && post.hidden) return withheld('the reply is hidden');
    data.post = {
      id: encodeGlobalID('Post', post.id),
      body: post.body,
      internal: post.internal,
      url: links.post(baseUrl, topic, post.id),
      author: post.author,
      createdAt: post.createdAt.toISOString(),
      ...(webhook.internal ? { hidden: post.hidden } : {}),
    };
  }
  return {
    body: JSON.stringify({
      id: `evt_${event.id}`,
      event: name,
      createdAt: event.createdAt.toISOString(),
      data,
    }),
  };
}

/** What a body built by `webhookBody` is about: the event again, and the rights it was built with. */
export interface ToldEvent extends WebhookEvent {
  payload: WebhookOutboxPayload;
  /** Built for an internal webhook (it says whether the topic is hidden): may carry internal content. */
  builtForInternal: boolean;
}

interface BodyShape {
  id?: unknown;
  event?: unknown;
  createdAt?: unknown;
  data?: {
    topic?: { number?: unknown; hidden?: unknown; awaitingEmployeeSince?: unknown };
    post?: { id?: unknown };
  };
}

/**
 * Recovers the event behind a stored body, so a retry or a redelivery can be rebuilt (and
 * re-checked) from the rows as they are then; the outbox row may be gone, and a manual
 * redelivery never had one. Null for a body this module did not build.
 */
export function toldEvent(body: string): ToldEvent | null {
  let parsed: BodyShape;
  try {
    parsed = JSON.parse(body) as BodyShape;
  } catch {
    return null;
  }
  const id = typeof parsed.id === 'string' ? /^evt_(\d{1,18})$/.exec(parsed.id)?.[1] : undefined;
  const topic = parsed.data?.topic;
  const createdAt = typeof parsed.createdAt === 'string' ? new Date(parsed.createdAt) : null;
  if (!id || typeof parsed.event !== 'string' || !createdAt || Number.isNaN(createdAt.getTime())) return null;
  if (!topic || !Number.isSafeInteger(topic.number)) return null;
  const payload: WebhookOutboxPayload = { topicId: topic.number as number };
  const post = parsed.data?.post;
  if (post !== undefined) {
    const postId = typeof post.id === 'string' ? postNumber(post.id) : null;
    if (postId === null) return null;
    payload.postId = postId;
  }
  if (parsed.event === 'topic.awaiting_employee_over_sla' && typeof topic.awaitingEmployeeSince === 'string')
    payload.awaitingSince = topic.awaitingEmployeeSince;
  return {
    id: BigInt(id),
    event: parsed.event,
    payload,
    createdAt,
    builtForInternal: topic.hidden !== undefined,
  };
}

function postNumber(globalId: string): number | null {
  try {
    const { typename, id } = decodeRowGlobalID(globalId);
    return typename === 'Post' ? Number(id) : null;
  } catch {
    return null;
  }
}

/** A stored body built again for the webhook's current rights, before a retry or redelivery. */
export function rebuildWebhookBody(
  tx: Tx,
  body: string,
  webhook: { internal: boolean },
  baseUrl: string,
  now: Date,
): Promise<WebhookBuild> {
  const told = toldEvent(body);
  if (!told) return Promise.resolve(withheld('its body cannot be read'));
  return webhookBody(tx, told, webhook, baseUrl, now);
}

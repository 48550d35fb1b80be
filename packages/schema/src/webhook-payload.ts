import { encodeGlobalID } from '@pothos/plugin-relay';
import { links } from './links.ts';
import type { Tx } from './notify.ts';
import type { WebhookEventName, WebhookOutboxPayload } from './webhook-events.ts';

const person = { select: { handle: true, displayName: true, kind: true } } as const;

/**
 * The JSON body one webhook receives for one outbox event, or null when it may not receive it.
 * Built from the rows as they are now: a webhook that is not `internal` never gets an internal
 * note, a hidden or deleted reply, or anything about a hidden topic, whatever the event said.
 */
export async function webhookBody(
  tx: Tx,
  event: { id: bigint; event: string; payload: unknown; createdAt: Date },
  webhook: { internal: boolean },
  baseUrl: string,
  now: Date,
): Promise<string | null> {
  const payload = event.payload as WebhookOutboxPayload;
  if (!webhook.internal && payload.internal) return null;
  const topic = await tx.topic.findUnique({
    where: { id: payload.topicId },
    include: { author: person, category: { select: { slug: true, name: true } } },
  });
  if (!topic || (!webhook.internal && topic.hidden)) return null;
  const name = event.event as WebhookEventName;
  if (name === 'topic.awaiting_employee_over_sla' && topic.awaitingEmployeeSince === null) return null;

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
    if (!post || post.deletedAt !== null) return null;
    if (!webhook.internal && (post.internal || post.hidden)) return null;
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
  return JSON.stringify({
    id: `evt_${event.id}`,
    event: name,
    createdAt: event.createdAt.toISOString(),
    data,
  });
}

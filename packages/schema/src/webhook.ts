import { randomBytes } from 'node:crypto';
import type { Prisma } from '@parley/prisma/client';
import { WebhookDeliveryStatus } from '@parley/prisma/enums';
import { builder } from './builder.ts';
import type { Context, Viewer } from './context.ts';
import { db } from './db.ts';
import { writeErrors } from './errors.ts';
import { ForbiddenError, NotFoundError } from './failures.ts';
import { selection } from './lookup.ts';
import { batchLoader } from './stats.ts';
import { Problems } from './validation.ts';
import { isAdmin, isEmployee, seesHidden, seesInternal, visiblePosts, visibleTopics } from './visibility.ts';
import { forgetSubscribedWebhookEvents, WEBHOOK_EVENTS, type WebhookEventName } from './webhook-events.ts';
import { notSent, rebuildWebhookBody, toldEvent } from './webhook-payload.ts';

const DESCRIPTION_MAX = 200;
const URL_MAX = 2_000;
/** Deliveries listed per webhook at most. */
const DELIVERY_PAGE = 100;

export const WebhookEventEnum = builder.enumType('WebhookEvent', {
  description: 'What a webhook can be told about. The delivery’s `event` field carries the wire name.',
  values: {
    TOPIC_CREATED: {
      value: 'topic.created',
      description: '`topic.created`: a customer or employee started a topic.',
    },
    POST_CREATED: {
      value: 'post.created',
      description: '`post.created`: a reply (internal notes only to internal webhooks).',
    },
    TOPIC_ANSWERED: {
      value: 'topic.answered',
      description: '`topic.answered`: a reply was accepted as the answer.',
    },
    TOPIC_AWAITING_EMPLOYEE_OVER_SLA: {
      value: 'topic.awaiting_employee_over_sla',
      description:
        '`topic.awaiting_employee_over_sla`: a customer topic has waited longer than the SLA for an employee.',
    },
  } as const,
});

/**
 * Reads what internal webhooks are sent (internal notes, hidden topics): an employee who sees
 * internal notes, so neither a customer made admin nor a token without READ_INTERNAL.
 */
const readsInternalContent = (viewer: Viewer | null): boolean => seesInternal(viewer) && seesHidden(viewer);

function requireInternalReader(viewer: Viewer | null, doing: string): void {
  if (readsInternalContent(viewer)) return;
  throw new ForbiddenError(
    isEmployee(viewer)
      ? `This token cannot read internal notes (it needs READ_INTERNAL), so it cannot ${doing}.`
      : `Only employees who see internal notes can ${doing}.`,
  );
}

type Loader = (id: number) => Promise<true | null>;
const contentLoaders = new WeakMap<Context, { topic: Loader; post: Loader }>();

/** Which topics and replies the viewer may see, batched over a page of the log. */
function visibleContent(context: Context): { topic: Loader; post: Loader } {
  let loaders = contentLoaders.get(context);
  if (!loaders) {
    const { viewer } = context;
    const found = (rows: { id: number }[]) => new Map(rows.map((row) => [row.id, true as const]));
    loaders = {
      topic: batchLoader((ids) =>
        db.topic
          .findMany({ where: { id: { in: ids }, ...visibleTopics(viewer) }, select: { id: true } })
          .then(found),
      ),
      post: batchLoader((ids) =>
        db.post
          .findMany({ where: { id: { in: ids }, ...visiblePosts(viewer) }, select: { id: true } })
          .then(found),
      ),
    };
    contentLoaders.set(context, loaders);
  }
  return loaders;
}

/**
 * A logged body, if the viewer may read all it carries now: one built for an internal webhook
 * only with internal access, and only while its topic and reply are still visible to the viewer
 * (a deleted reply to nobody, a hidden one not to a token without READ_INTERNAL).
 */
async function readableBody(context: Context, body: string): Promise<string | null> {
  const told = toldEvent(body);
  if (!told || (told.builtForInternal && !readsInternalContent(context.viewer))) return null;
  const { topicId, postId } = told.payload;
  const loaders = visibleContent(context);
  return (await (postId === undefined ? loaders.topic(topicId) : loaders.post(postId))) ? body : null;
}

const DeliveryStatusEnum = builder.enumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description:
    'PENDING (waiting for its next attempt), SUCCEEDED (a 2xx answer) or FAILED (out of attempts, or not sent because what it carries is no longer visible to the webhook: `lastError` starts with `not sent:` and says why).',
});

export const WebhookDelivery = builder.prismaObject('WebhookDelivery', {
  description: 'One event sent (or being sent) to one webhook: the delivery log.',
  fields: (t) => ({
    id: t.id({
      resolve: (delivery) => delivery.id.toString(),
      description: 'Also sent as the `Parley-Webhook-Id` header.',
    }),
    event: t.exposeString('event'),
    status: t.expose('status', { type: DeliveryStatusEnum }),
    attempts: t.exposeInt('attempts'),
    responseStatus: t.exposeInt('responseStatus', {
      nullable: true,
      description: 'The HTTP status of the last attempt.',
    }),
    lastError: t.exposeString('lastError', { nullable: true }),
    body: t.string({
      nullable: true,
      select: { body: true },
      description:
        'The JSON last sent (or about to be). Each attempt and redelivery builds it again from the content as it is then. Null unless the viewer may read all it carries now: a body built for an internal webhook needs an employee who sees internal notes (a session, or a token with READ_INTERNAL), and the topic and reply must still be visible to the viewer.',
      resolve: (delivery, _args, context) => readableBody(context, delivery.body),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastAttemptAt: t.expose('lastAttemptAt', { type: 'DateTime', nullable: true }),
    nextAttemptAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When a PENDING delivery is tried next.',
      resolve: (delivery) => (delivery.status === 'PENDING' ? delivery.nextAttemptAt : null),
    }),
    deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true }),
  }),
});

export const Webhook = builder.prismaNode('Webhook', {
  id: { field: 'id' },
  nullable: true,
  // Admins only, through node(id) too.
  findUnique: (id, context) =>
    ({ id: isAdmin(context.viewer) ? Number(id) : -1 }) as Prisma.WebhookWhereUniqueInput,
  description:
    'An endpoint that receives events as signed JSON POSTs. Admins only. Deliveries carry public content only, unless `internal`.',
  fields: (t) => ({
    url: t.exposeString('url'),
    description: t.exposeString('description'),
    events: t.field({
      type: [WebhookEventEnum],
      select: { events: true },
      resolve: (hook) => WEBHOOK_EVENTS.filter((event) => hook.events.includes(event)),
    }),
    internal: t.exposeBoolean('internal', {
      description:
        'Deliveries may include internal notes and hidden topics. Set on purpose by an admin who is an employee and sees internal notes.',
    }),
    active: t.exposeBoolean('active', { description: 'Paused webhooks are sent nothing.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    deliveries: t.relation('deliveries', {
      description: `The delivery log, newest first (at most ${DELIVERY_PAGE}). Empty for an internal webhook unless the viewer sees internal notes (an employee, through a session or a token with READ_INTERNAL): not even their number is shown.`,
      args: {
        first: t.arg.int({ defaultValue: 20 }),
        status: t.arg({ type: DeliveryStatusEnum }),
      },
      query: (args, context) => ({
        where: {
          ...(args.status ? { status: args.status } : {}),
          ...(readsInternalContent(context.viewer) ? {} : { webhook: { internal: false } }),
        },
        orderBy: { id: 'desc' },
        take: Math.max(0, Math.min(args.first ?? 20, DELIVERY_PAGE)),
      }),
    }),
  }),
});

builder.queryField('webhooks', (t) =>
  t.prismaField({
    type: [Webhook],
    authScopes: { admin: true },
    description: 'Every registered webhook (admins only).',
    resolve: (query) => db.webhook.findMany({ ...selection(query), orderBy: { id: 'asc' } }),
  }),
);

interface WebhookWithSecret {
  webhook: { id: number };
  secret: string | null;
}

const WebhookWithSecretRef = builder.objectRef<WebhookWithSecret>('WebhookWithSecret').implement({
  description: 'A webhook, with its signing secret when it was just created or rotated (shown this once).',
  fields: (t) => ({
    secret: t.exposeString('secret', {
      nullable: true,
      description:
        'Verify each delivery’s `Parley-Webhook-Signature` with it. Null unless just created or rotated.',
    }),
    webhook: t.prismaField({
      type: Webhook,
      resolve: (query, result) =>
        db.webhook.findUniqueOrThrow({ ...selection(query), where: { id: result.webhook.id } }),
    }),
  }),
});

const newSigningSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

async function checkUrl(context: Context, problems: Problems, url: string): Promise<string> {
  const trimmed = url.trim();
  if (trimmed.length > URL_MAX) {
    problems.add('input.url', `must be at most ${URL_MAX} characters`);
    return trimmed;
  }
  const problem = context.services.webhookTargets
    ? await context.services.webhookTargets.check(trimmed)
    : /^https?:\/\/[^\s/]+/i.test(trimmed)
      ? null
      : 'must be an http or https URL';
  if (problem) problems.add('input.url', problem);
  return trimmed;
}

function checkEvents(problems: Problems, events: readonly WebhookEventName[]): WebhookEventName[] {
  const unique = WEBHOOK_EVENTS.filter((event) => events.includes(event));
  if (unique.length === 0) problems.add('input.events', 'must name at least one event');
  return unique;
}

const CreateWebhookInput = builder.inputType('CreateWebhookInput', {
  fields: (t) => ({
    url: t.string({
      required: true,
      description: 'http(s) only; private and loopback addresses are refused unless the server allows them.',
    }),
    events: t.field({ type: [WebhookEventEnum], required: true }),
    description: t.string({ description: `Up to ${DESCRIPTION_MAX} characters.` }),
    internal: t.boolean({
      description:
        'Send internal notes and hidden topics too. Default false. Only for employees who see internal notes.',
    }),
  }),
});

builder.mutationField('createWebhook', (t) =>
  t.field({
    type: WebhookWithSecretRef,
    description: 'Register an endpoint (admins only). The signing secret is returned once.',
    authScopes: { admin: true },
    errors: { types: [...writeErrors] },
    args: { input: t.arg({ type: CreateWebhookInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      if (input.internal) requireInternalReader(context.viewer, 'make a webhook internal');
      const problems = new Problems();
      const url = await checkUrl(context, problems, input.url);
      const events = checkEvents(problems, input.events);
      const description = problems.text('input.description', input.description ?? '', 0, DESCRIPTION_MAX);
      problems.throwIfAny();
      const secret = newSigningSecret();
      const now = context.services.clock.now();
      const webhook = await db.webhook.create({
        data: {
          url,
          events,
          description,
          internal: input.internal ?? false,
          secret,
          createdById: context.viewer?.id ?? null,
          createdAt: now,
          updatedAt: now,
        },
        select: { id: true },
      });
      forgetSubscribedWebhookEvents();
      return { webhook, secret };
    },
  }),
);

const UpdateWebhookInput = builder.inputType('UpdateWebhookInput', {
  fields: (t) => ({
    webhookId: t.globalID({ required: true, for: [Webhook] }),
    url: t.string(),
    events: t.field({ type: [WebhookEventEnum] }),
    description: t.string(),
    internal: t.boolean({ description: 'true only for employees who see internal notes.' }),
    active: t.boolean({ description: 'false pauses deliveries; events meanwhile are not sent later.' }),
    rotateSecret: t.boolean({
      description: 'Issue a new signing secret (returned once); the old one stops at once.',
    }),
  }),
});

async function findWebhook(id: string) {
  const hook = await db.webhook.findUnique({
    where: { id: Number(id) || -1 },
    select: { id: true, url: true, internal: true },
  });
  if (!hook) throw new NotFoundError('webhook', id);
  return hook;
}

builder.mutationField('updateWebhook', (t) =>
  t.field({
    type: WebhookWithSecretRef,
    description:
      'Change a webhook (admins only); fields left out stay as they are. Making it internal, or moving an internal one to another URL, needs an employee who sees internal notes.',
    authScopes: { admin: true },
    errors: { types: [...writeErrors] },
    args: { input: t.arg({ type: UpdateWebhookInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const hook = await findWebhook(input.webhookId.id);
      if (input.internal) requireInternalReader(context.viewer, 'make a webhook internal');
      // Pointing an internal webhook elsewhere would send its internal notes there.
      if (hook.internal && input.url != null && input.url.trim() !== hook.url)
        requireInternalReader(context.viewer, 'change the URL of an internal webhook');
      const problems = new Problems();
      const url = input.url == null ? undefined : await checkUrl(context, problems, input.url);
      const events = input.events == null ? undefined : checkEvents(problems, input.events);
      const description =
        input.description == null
          ? undefined
          : problems.text('input.description', input.description, 0, DESCRIPTION_MAX);
      problems.throwIfAny();
      const secret = input.rotateSecret ? newSigningSecret() : null;
      await db.webhook.update({
        where: { id: hook.id },
        data: {
          url,
          events,
          description,
          internal: input.internal ?? undefined,
          active: input.active ?? undefined,
          ...(secret ? { secret } : {}),
          updatedAt: context.services.clock.now(),
        },
      });
      forgetSubscribedWebhookEvents();
      return { webhook: { id: hook.id }, secret };
    },
  }),
);

builder.mutationField('deleteWebhook', (t) =>
  t.boolean({
    description: 'Remove a webhook and its delivery log (admins only).',
    authScopes: { admin: true },
    errors: { types: [...writeErrors] },
    args: { webhookId: t.arg.globalID({ required: true, for: [Webhook] }) },
    resolve: async (_root, args) => {
      const hook = await findWebhook(args.webhookId.id);
      await db.webhook.delete({ where: { id: hook.id } });
      forgetSubscribedWebhookEvents();
      return true;
    },
  }),
);

builder.mutationField('redeliverWebhook', (t) =>
  t.prismaField({
    type: WebhookDelivery,
    description:
      'Send a past delivery again, now, with the same event id and a fresh signature: a new entry in the log (admins only). Its body is built again from the content as it is now; if that is no longer visible to the webhook, the entry is FAILED at once and nothing is sent.',
    authScopes: { admin: true },
    errors: { types: [...writeErrors] },
    args: { deliveryId: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, context) => {
      const id = /^\d{1,18}$/.test(String(args.deliveryId)) ? BigInt(args.deliveryId) : null;
      const original =
        id === null
          ? null
          : await db.webhookDelivery.findUnique({
              where: { id },
              include: { webhook: { select: { internal: true } } },
            });
      // Like the log: an internal webhook's deliveries do not exist for who may not read them.
      if (!original || (original.webhook.internal && !readsInternalContent(context.viewer)))
        throw new NotFoundError('webhook delivery', String(args.deliveryId));
      const now = context.services.clock.now();
      // Checked now so the log tells at once when nothing will be sent; the dispatcher builds
      // the body to send (with the portal's links, hence no base URL here) before sending it.
      const built = await rebuildWebhookBody(db, original.body, original.webhook, '', now);
      return db.webhookDelivery.create({
        ...selection(query),
        data: {
          webhookId: original.webhookId,
          event: original.event,
          body: original.body,
          createdAt: now,
          nextAttemptAt: now,
          ...('withheld' in built ? { status: 'FAILED', lastError: notSent(built.withheld) } : {}),
        },
      });
    },
  }),
);

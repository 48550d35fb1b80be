import http from 'node:http';
import https from 'node:https';
import type { PrismaClient } from '@parley/prisma/client';
import type { Clock } from '@parley/schema/context';
import { notSent, rebuildWebhookBody, webhookBody } from '@parley/schema/webhook-payload';
import type { SqlDatabase } from '../db/sql.ts';
import type { WebhooksConfig } from '../env.ts';
import type { Logger } from '../log.ts';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './signature.ts';
import type { createWebhookTargets } from './target.ts';

/** Outbox rows fanned out per pass. */
const FAN_OUT_BATCH = 100;
/** Deliveries in flight at once per instance. */
const CONCURRENCY = 16;
/** Topics over the SLA are looked for every this many polls. */
const SLA_EVERY_POLLS = 30;
/** A retry never waits longer than this. */
const MAX_BACKOFF_MS = 6 * 3_600_000;
/** Processed outbox rows are kept this long (for inspection), then removed. */
const OUTBOX_RETENTION_MS = 7 * 24 * 3_600_000;

export interface WebhookDispatcher {
  start(): void;
  /** Stops polling and waits for deliveries in flight, so none is left half-recorded. */
  stop(): Promise<void>;
}

interface Claimed {
  id: string;
  webhook_id: number;
  event: string;
  body: string;
  attempts: number;
  url: string;
  secret: string;
  internal: boolean;
}

/**
 * Drains the webhook outbox: fans each event out to the active webhooks subscribed to it (one
 * delivery row per webhook, built with that webhook's rights; a unique key makes this safe to
 * repeat), then sends due deliveries, signed, with retries and exponential backoff. Each attempt
 * rebuilds its body from the rows as they are then, so a reply hidden or deleted (or a topic
 * hidden) after the event is never sent later: such a delivery is closed as not sent. Rows are
 * claimed with SKIP LOCKED and a lease, so any number of instances share the work and a crashed
 * one's claims lapse. Mutations only ever write an outbox row: a slow or failing endpoint
 * never holds up a write. Its bookkeeping is raw SQL (like the search indexer), so background
 * polling never shows up among the API's own statements.
 */
export function createWebhookDispatcher(options: {
  prisma: PrismaClient;
  sql: SqlDatabase;
  config: WebhooksConfig;
  publicUrl: string;
  clock: Clock;
  logger: Logger;
  targets: ReturnType<typeof createWebhookTargets>;
}): WebhookDispatcher {
  const { prisma, sql, config, clock, logger, targets } = options;
  const baseUrl = options.publicUrl.replace(/\/$/, '');
  const inFlight = new Set<Promise<void>>();
  let stopped = true;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let polls = 0;

  /**
   * Builds deliveries for pending outbox rows, then records them and marks the rows done in one
   * transaction. Two instances may build the same rows; the unique (webhook, outbox row) key
   * keeps one delivery each, and a crash before the commit leaves the rows pending.
   */
  async function fanOut(): Promise<number> {
    const rows = await sql.query<{ id: string; event: string; payload: unknown; created_at: Date }>(
      // Ordered by the bigint column, not the text `id` it is read as ('10' sorts before '9').
      `SELECT id::text AS id, event, payload, created_at FROM webhook_outbox
       WHERE processed_at IS NULL ORDER BY webhook_outbox.id LIMIT $1`,
      [FAN_OUT_BATCH],
    );
    if (rows.length === 0) return 0;
    const hooks = await sql.query<{ id: number; events: string[]; internal: boolean }>(
      'SELECT id, events, internal FROM webhooks WHERE active',
    );
    const now = clock.now();
    const deliveries: { webhookId: number; outboxId: string; event: string; body: string }[] = [];
    for (const row of rows) {
      for (const hook of hooks) {
        if (!hook.events.includes(row.event)) continue;
        const built = await webhookBody(
          prisma,
          { id: BigInt(row.id), event: row.event, payload: row.payload, createdAt: new Date(row.created_at) },
          hook,
          baseUrl,
          now,
        );
        if ('body' in built)
          deliveries.push({ webhookId: hook.id, outboxId: row.id, event: row.event, body: built.body });
      }
    }
    await sql.withConnection((connection) =>
      connection.transaction(async (tx) => {
        for (const delivery of deliveries) {
          await tx.query(
            `INSERT INTO webhook_deliveries (webhook_id, outbox_id, event, body, created_at, next_attempt_at)
             VALUES ($1, $2::bigint, $3, $4, $5, $5) ON CONFLICT (webhook_id, outbox_id) DO NOTHING`,
            [delivery.webhookId, delivery.outboxId, delivery.event, delivery.body, now],
          );
        }
        await tx.query(
          'UPDATE webhook_outbox SET processed_at = $1 WHERE id = ANY ($2::bigint[]) AND processed_at IS NULL',
          [now, rows.map((row) => row.id)],
        );
      }),
    );
    return rows.length;
  }

  async function claim(limit: number): Promise<Claimed[]> {
    const now = clock.now();
    const lease = new Date(now.getTime() + config.timeoutMs + 5_000);
    const claimed = await sql.query<Omit<Claimed, 'url' | 'secret' | 'internal'>>(
      `UPDATE webhook_deliveries SET locked_until = $1, attempts = attempts + 1, last_attempt_at = $2
       WHERE id IN (
         SELECT id FROM webhook_deliveries
         WHERE status = 'PENDING' AND next_attempt_at <= $2 AND (locked_until IS NULL OR locked_until < $2)
           -- A paused webhook is sent nothing, retries included; they go on once it is resumed.
           AND EXISTS (SELECT 1 FROM webhooks w WHERE w.id = webhook_id AND w.active)
         ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING id::text AS id, webhook_id, event, body, attempts`,
      [lease, now, limit],
    );
    if (claimed.length === 0) return [];
    const hooks = await sql.query<{ id: number; url: string; secret: string; internal: boolean }>(
      'SELECT id, url, secret, internal FROM webhooks WHERE id = ANY ($1::int[])',
      [[...new Set(claimed.map((delivery) => delivery.webhook_id))]],
    );
    const byId = new Map(hooks.map((hook) => [hook.id, hook]));
    return claimed.flatMap((delivery) => {
      const hook = byId.get(delivery.webhook_id);
      return hook ? [{ ...delivery, url: hook.url, secret: hook.secret, internal: hook.internal }] : [];
    });
  }

  async function deliver(delivery: Claimed): Promise<void> {
    // With the webhook's rights now: the content, or the webhook's access to it, may have changed.
    const built = await rebuildWebhookBody(prisma, delivery.body, delivery, baseUrl, clock.now());
    if ('withheld' in built) return withhold(delivery, built.withheld);
    const { body } = built;
    const timestamp = Math.floor(clock.now().getTime() / 1000);
    const outcome = await post(delivery.url, body, {
      'content-type': 'application/json',
      'user-agent': 'Parley-Webhooks/1',
      'parley-webhook-id': delivery.id,
      'parley-webhook-event': delivery.event,
      [TIMESTAMP_HEADER]: String(timestamp),
      [SIGNATURE_HEADER]: signWebhook(delivery.secret, timestamp, body),
    });
    const now = clock.now();
    const succeeded = outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300;
    const error = succeeded ? null : (outcome.error ?? `HTTP ${outcome.status}`);
    const exhausted = !succeeded && delivery.attempts >= config.maxAttempts;
    await sql.query(
      `UPDATE webhook_deliveries
       SET status = $2::"WebhookDeliveryStatus", response_status = $3, last_error = $4, delivered_at = $5,
           locked_until = NULL, next_attempt_at = $6, body = $7
       WHERE id = $1::bigint`,
      [
        delivery.id,
        succeeded ? 'SUCCEEDED' : exhausted ? 'FAILED' : 'PENDING',
        outcome.status ?? null,
        error?.slice(0, 500) ?? null,
        succeeded ? now : null,
        succeeded || exhausted ? now : new Date(now.getTime() + backoff(delivery.attempts)),
        body,
      ],
    );
    if (!succeeded)
      logger.debug(
        `webhook delivery ${delivery.id} attempt ${delivery.attempts} failed: ${error}${exhausted ? ' (giving up)' : ''}`,
      );
  }

  /**
   * Closes a delivery whose content this webhook may no longer be sent: FAILED, never retried,
   * with the reason in `last_error`; the claimed attempt is given back, as nothing was sent.
   */
  async function withhold(delivery: Claimed, reason: string): Promise<void> {
    await sql.query(
      `UPDATE webhook_deliveries
       SET status = 'FAILED', last_error = $2, attempts = attempts - 1, locked_until = NULL, next_attempt_at = $3
       WHERE id = $1::bigint`,
      [delivery.id, notSent(reason), clock.now()],
    );
    logger.debug(`webhook delivery ${delivery.id} not sent: ${reason}`);
  }

  /** base × 2^(attempt-1), ±20 % so retries from many instances do not arrive together. */
  function backoff(attempt: number): number {
    const exponential = Math.min(config.retryBaseMs * 2 ** (attempt - 1), MAX_BACKOFF_MS);
    return Math.round(exponential * (0.8 + Math.random() * 0.4));
  }

  function post(
    url: string,
    body: string,
    headers: Record<string, string>,
  ): Promise<{ status?: number; error?: string }> {
    return new Promise((resolve) => {
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        return resolve({ error: 'invalid URL' });
      }
      const refused = targets.refuseLiteral(target);
      if (refused) return resolve({ error: `refused: ${refused}` });
      const client = target.protocol === 'https:' ? https : http;
      const request = client.request(
        target,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          lookup: targets.lookup,
          agent: false,
          timeout: config.timeoutMs,
        },
        (response) => {
          clearTimeout(deadline);
          response.resume();
          resolve({ status: response.statusCode ?? 0 });
        },
      );
      const deadline = setTimeout(
        () => request.destroy(new Error(`no answer within ${config.timeoutMs} ms`)),
        config.timeoutMs,
      );
      request.on('timeout', () => request.destroy(new Error(`no answer within ${config.timeoutMs} ms`)));
      request.on('error', (error) => {
        clearTimeout(deadline);
        resolve({ error: error.message });
      });
      request.end(body);
    });
  }

  async function scanSla(): Promise<void> {
    const now = clock.now();
    const cutoff = new Date(now.getTime() - config.slaMinutes * 60_000);
    const oldest = new Date(cutoff.getTime() - OUTBOX_RETENTION_MS);
    // Only when someone listens, so an unused event does not fill the outbox.
    await sql.query(
      `INSERT INTO webhook_outbox (event, payload, created_at, dedupe_key)
       SELECT 'topic.awaiting_employee_over_sla', jsonb_build_object('topicId', t.id, 'internal', t.hidden), $1,
              'topic.awaiting_employee_over_sla:' || t.id || ':' || floor(extract(epoch FROM t.awaiting_employee_since) * 1000)::bigint
       FROM topics t
       WHERE t.awaiting_employee_since IS NOT NULL AND t.awaiting_employee_since <= $2
         AND t.awaiting_employee_since > $3
         AND EXISTS (SELECT 1 FROM webhooks w WHERE w.active AND 'topic.awaiting_employee_over_sla' = ANY (w.events))
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [now, cutoff, oldest],
    );
    await sql.query('DELETE FROM webhook_outbox WHERE processed_at < $1', [
      new Date(now.getTime() - OUTBOX_RETENTION_MS),
    ]);
  }

  async function pass(): Promise<void> {
    if (polls++ % SLA_EVERY_POLLS === 0) await scanSla();
    while ((await fanOut()) === FAN_OUT_BATCH && !stopped) {}
    const room = CONCURRENCY - inFlight.size;
    if (room <= 0) return;
    for (const delivery of await claim(room)) {
      const sending: Promise<void> = deliver(delivery)
        .catch((error: unknown) => logger.warn(`webhook delivery ${delivery.id}: ${String(error)}`))
        .finally(() => {
          inFlight.delete(sending);
          wake?.();
        });
      inFlight.add(sending);
    }
  }

  async function run(): Promise<void> {
    while (!stopped) {
      try {
        await pass();
      } catch (error) {
        if (!stopped)
          logger.warn(`webhook dispatcher: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, config.pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      loop = run();
    },
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      await Promise.allSettled([...inFlight]);
    },
  };
}

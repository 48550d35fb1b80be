import { createHmac, timingSafeEqual } from 'node:crypto';

/** Receivers refuse deliveries whose timestamp is further than this from their clock. @default 300 */
export const REPLAY_WINDOW_SECONDS = 300;

export const SIGNATURE_HEADER = 'parley-webhook-signature';
export const TIMESTAMP_HEADER = 'parley-webhook-timestamp';

/** `v1=` and the hex HMAC-SHA256, keyed with the webhook's secret, of `<timestamp>.<body>`. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does with a delivery: recompute the signature over the timestamp header and
 * the raw body, compare in constant time, and refuse a timestamp outside the replay window.
 */
export function verifyWebhook(
  secret: string,
  headers: { signature: string | null | undefined; timestamp: string | null | undefined },
  rawBody: string,
  nowSeconds: number = Math.floor(Date.now() / 1000),
  windowSeconds: number = REPLAY_WINDOW_SECONDS,
): { ok: true } | { ok: false; reason: 'missing' | 'stale' | 'mismatch' } {
  if (!headers.signature || !headers.timestamp || !/^\d{1,12}$/.test(headers.timestamp))
    return { ok: false, reason: 'missing' };
  const timestamp = Number(headers.timestamp);
  if (Math.abs(nowSeconds - timestamp) > windowSeconds) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(signWebhook(secret, timestamp, rawBody));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given)
    ? { ok: true }
    : { ok: false, reason: 'mismatch' };
}

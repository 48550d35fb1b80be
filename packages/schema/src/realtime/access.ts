import type { Context, Viewer } from '../context.ts';
import { db } from '../db.ts';
import type { LiveAccessEvent } from './events.ts';

/**
 * Tells every instance that what `userId` may see changed, or (with `sessionId`) that one of
 * their sessions ended: the sockets speaking for it close (4403) and reconnect with current
 * rights. Call it after the change is stored; publishing never fails the write.
 */
export function publishAccessChange(context: Context, userId: number, event: LiveAccessEvent = {}): void {
  try {
    context.services.pubsub.publish('access', userId, event);
  } catch (error) {
    context.services.onPublishError?.(error);
  }
}

/**
 * Everything that decides what a viewer may see: who they are, their kind and role, and a
 * token's scopes. Subscribers with the same audience get identical results, so they may share
 * one execution; one whose rights changed gets a new audience and never joins the old one.
 */
export function audienceOf(viewer: Viewer | null): string {
  if (!viewer) return 'anonymous';
  const rights = `${viewer.id}:${viewer.kind}:${viewer.role}`;
  // A token reads less than its owner's session: their results are never shared.
  return viewer.token
    ? `token:${viewer.token.id}:${rights}:${[...viewer.token.scopes].sort().join(',')}`
    : `person:${rights}`;
}

/** When a session stops working unless it is used meanwhile (it slides); null once it is gone. */
export async function sessionExpiry(sessionId: number): Promise<Date | null> {
  const row = await db.session.findUnique({ where: { id: sessionId }, select: { expiresAt: true } });
  return row?.expiresAt ?? null;
}

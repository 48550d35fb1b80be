import { createHash, randomBytes } from 'node:crypto';
import type { Viewer } from '../context.ts';
import { db } from '../db.ts';

/** How long a session lasts without use. @default 30 days */
export const SESSION_LIFETIME_MS = 30 * 24 * 3_600_000;
/** The session cookie's lifetime in seconds (the session itself slides with use). */
export const SESSION_COOKIE_MAX_AGE = SESSION_LIFETIME_MS / 1000;
/** A session's last use is written at most this often, so reads do not all turn into writes. */
const TOUCH_INTERVAL_MS = 5 * 60_000;

/** The only form in which secrets are stored: a SHA-256, so a database leak leaks no sessions. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A fresh random secret with a readable prefix (`pss_` sessions, `pat_` API tokens). */
export function newSecret(prefix: 'pss' | 'pat'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export async function createSession(userId: number, now: Date, userAgent: string | null): Promise<string> {
  const token = newSecret('pss');
  await db.session.create({
    data: {
      userId,
      tokenHash: hashSecret(token),
      createdAt: now,
      lastUsedAt: now,
      expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS),
      userAgent: userAgent?.slice(0, 300) ?? null,
    },
  });
  return token;
}

/** The viewer a session token stands for, or null when it is unknown or expired. */
export async function viewerForSession(token: string, now: Date): Promise<Viewer | null> {
  if (!token.startsWith('pss_')) return null;
  const session = await db.session.findUnique({
    where: { tokenHash: hashSecret(token) },
    select: {
      id: true,
      expiresAt: true,
      lastUsedAt: true,
      user: { select: { id: true, handle: true, kind: true, role: true } },
    },
  });
  if (!session || session.expiresAt <= now) return null;
  if (!session.lastUsedAt || now.getTime() - session.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
    // Sliding expiry: a session in use stays alive.
    await db.$transaction([
      db.session.update({
        where: { id: session.id },
        data: { lastUsedAt: now, expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS) },
      }),
      db.user.update({ where: { id: session.user.id }, data: { lastSeenAt: now } }),
    ]);
  }
  return { ...session.user, sessionId: session.id };
}

export async function endSession(sessionId: number): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}

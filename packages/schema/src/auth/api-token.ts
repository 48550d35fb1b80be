import type { ApiTokenScope, Viewer } from '../context.ts';
import { db } from '../db.ts';
import { hashSecret } from './session.ts';

/** Every scope a token can hold, in the order they are shown. */
export const API_TOKEN_SCOPES: readonly ApiTokenScope[] = ['read', 'write', 'read:internal'];
/** A token's last use is written at most this often, so reads do not all turn into writes. */
const TOUCH_INTERVAL_MS = 60_000;

export const isApiTokenScope = (value: string): value is ApiTokenScope =>
  (API_TOKEN_SCOPES as readonly string[]).includes(value);

/**
 * The viewer a personal API token (`pat_…`) stands for, with its scopes; null when it is
 * unknown, revoked or expired. Scopes are re-read on every request, so a revocation or an
 * owner who stopped being an employee takes effect at once.
 */
export async function viewerForApiToken(token: string, now: Date): Promise<Viewer | null> {
  if (!token.startsWith('pat_')) return null;
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashSecret(token) },
    select: {
      id: true,
      scopes: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      user: { select: { id: true, handle: true, kind: true, role: true } },
    },
  });
  if (!row || row.revokedAt !== null || (row.expiresAt !== null && row.expiresAt <= now)) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  // read:internal is honoured only while the owner is an employee.
  const scopes = row.scopes
    .filter(isApiTokenScope)
    .filter((scope) => scope !== 'read:internal' || row.user.kind === 'EMPLOYEE');
  return { ...row.user, token: { id: row.id, scopes } };
}

/** When the token stops working on its own (its expiry), if it ever does. */
export async function apiTokenExpiry(tokenId: number): Promise<Date | null> {
  const row = await db.apiToken.findUnique({ where: { id: tokenId }, select: { expiresAt: true } });
  return row?.expiresAt ?? null;
}

import type { PrismaClient } from '@parley/prisma/client';
import { hashPassword, verifyPassword } from '@parley/schema/auth/password';
import { LIMITS } from '@parley/schema/validation';
import { type Config, ConfigError } from './env.ts';
import type { Logger } from './log.ts';

const TITLE = 'Administrator';

/**
 * PARLEY_ADMIN_EMAIL and PARLEY_ADMIN_PASSWORD: at start, create that account as an employee
 * admin, or bring an existing one up to it with the configured password. Idempotent, so every
 * start runs it: an operator locked out resets the password by restarting with a new one.
 * Promoting an account or changing its password ends all its sessions and revokes all its API
 * tokens: anyone may have signed up with that email first, and their credentials must not turn
 * into an admin's. A restart with the same configuration keeps them.
 */
export async function bootstrapAdmin(
  prisma: PrismaClient,
  admin: NonNullable<Config['admin']>,
  now: Date,
  logger: Logger,
): Promise<{ revokedUserId: number | null }> {
  // Sign-in refuses longer passwords unhashed: such an admin could never sign in.
  if (admin.password.length > LIMITS.password.max)
    throw new ConfigError(
      'PARLEY_ADMIN_PASSWORD',
      `is longer than ${LIMITS.password.max} characters, which sign-in refuses`,
      'a-long-passphrase',
    );
  const email = admin.email.trim().toLowerCase();
  const existing = await prisma.user.findUnique({
    where: { email },
    select: {
      id: true,
      handle: true,
      kind: true,
      role: true,
      passwordHash: true,
      profile: { select: { userId: true } },
    },
  });
  if (existing) {
    const passwordChanged = !(await verifyPassword(existing.passwordHash, admin.password));
    const promoted = existing.role !== 'ADMIN' || existing.kind !== 'EMPLOYEE';
    const revoke = passwordChanged || promoted;
    await prisma.$transaction([
      prisma.user.update({
        where: { id: existing.id },
        data: {
          kind: 'EMPLOYEE',
          role: 'ADMIN',
          ...(passwordChanged ? { passwordHash: await hashPassword(admin.password) } : {}),
          ...(existing.profile
            ? {}
            : { profile: { create: { title: TITLE, departmentId: await firstDepartment(prisma) } } }),
        },
      }),
      prisma.session.deleteMany({ where: revoke ? { userId: existing.id } : { id: -1 } }),
      prisma.apiToken.updateMany({
        where: revoke ? { userId: existing.id, revokedAt: null } : { id: -1 },
        data: { revokedAt: now },
      }),
    ]);
    const changes = [promoted && 'promoted', passwordChanged && 'password changed'].filter(Boolean);
    logger.info(
      `admin ${email} (@${existing.handle}) is ready${revoke ? `: ${changes.join(', ')}; its sessions and API tokens are revoked` : ''}`,
    );
    return { revokedUserId: revoke ? existing.id : null };
  }
  const handle = await freeHandle(prisma, email.split('@')[0] ?? '');
  try {
    await prisma.user.create({
      data: {
        email,
        handle,
        displayName: handle,
        passwordHash: await hashPassword(admin.password),
        kind: 'EMPLOYEE',
        role: 'ADMIN',
        createdAt: now,
        profile: { create: { title: TITLE, departmentId: await firstDepartment(prisma) } },
      },
    });
  } catch (error) {
    // Several instances starting at once on one database: one of them created it first.
    if (isUniqueViolation(error) && (await prisma.user.count({ where: { email } })) === 1) {
      return bootstrapAdmin(prisma, admin, now, logger);
    }
    throw error;
  }
  logger.info(`admin ${email} (@${handle}) created`);
  return { revokedUserId: null };
}

/** The first department the company lists, or a new 'executive' one in a community without any. */
async function firstDepartment(prisma: PrismaClient): Promise<number> {
  const first = await prisma.department.findFirst({
    orderBy: [{ position: 'asc' }, { id: 'asc' }],
    select: { id: true },
  });
  if (first) return first.id;
  const created = await prisma.department.upsert({
    where: { slug: 'executive' },
    create: { slug: 'executive', name: 'Executive', description: 'The people who run the company.' },
    update: {},
    select: { id: true },
  });
  return created.id;
}

/** The email's local part as a valid handle (3-30 of a-z 0-9 _ -), numbered when taken. */
async function freeHandle(prisma: PrismaClient, local: string): Promise<string> {
  const base = local
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .slice(0, 24)
    .padEnd(3, '_');
  const taken = new Set(
    (await prisma.user.findMany({ where: { handle: { startsWith: base } }, select: { handle: true } })).map(
      (user) => user.handle,
    ),
  );
  for (let number = 1; ; number++) {
    const handle = number === 1 ? base : `${base}-${number}`;
    if (!taken.has(handle)) return handle;
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002';
}

import type { PrismaClient } from '@parley/prisma/client';
import { hashPassword } from '@parley/schema/auth/password';
import type { Logger } from './log.ts';

/**
 * PARLEY_ADMIN_EMAIL and PARLEY_ADMIN_PASSWORD: create that admin at start, or bring an
 * existing account up to admin with the configured password. Idempotent, so every start may
 * run it; an operator locked out resets the password by restarting with a new one.
 */
export async function bootstrapAdmin(
  prisma: PrismaClient,
  admin: { email: string; password: string },
  now: Date,
  logger: Logger,
): Promise<void> {
  const email = admin.email.trim().toLowerCase();
  const passwordHash = await hashPassword(admin.password);
  const existing = await prisma.user.findUnique({ where: { email }, include: { profile: true } });
  const departmentId = existing?.profile?.departmentId ?? (await executiveDepartment(prisma));
  if (existing) {
    await prisma.user.update({
      where: { id: existing.id },
      data: {
        passwordHash,
        kind: 'EMPLOYEE',
        role: 'ADMIN',
        ...(existing.profile ? {} : { profile: { create: { title: 'Administrator', departmentId } } }),
      },
    });
    logger.info(`admin ${email} (@${existing.handle}) is ready`);
    return;
  }
  const handle = await freeHandle(prisma, email.split('@')[0] ?? 'admin');
  await prisma.user.create({
    data: {
      email,
      handle,
      displayName: handle,
      passwordHash,
      kind: 'EMPLOYEE',
      role: 'ADMIN',
      createdAt: now,
      profile: { create: { title: 'Administrator', departmentId } },
    },
  });
  logger.info(`admin ${email} (@${handle}) created`);
}

async function executiveDepartment(prisma: PrismaClient): Promise<number> {
  const first = await prisma.department.findFirst({ orderBy: [{ position: 'asc' }, { id: 'asc' }] });
  if (first) return first.id;
  const created = await prisma.department.create({
    data: { slug: 'executive', name: 'Executive', description: 'The people who run the company.' },
  });
  return created.id;
}

/** The email's local part as a valid handle (3-30 of a-z 0-9 _ -), numbered if taken. */
async function freeHandle(prisma: PrismaClient, local: string): Promise<string> {
  const base = `${local
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .slice(0, 24)}`.padEnd(3, '_');
  for (let attempt = 0; ; attempt++) {
    const handle = attempt === 0 ? base : `${base}-${attempt + 1}`;
    if (!(await prisma.user.findUnique({ where: { handle } }))) return handle;
  }
}

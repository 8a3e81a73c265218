/** Reads of invites and memberships by code or person (registration checks, results in chat). */
import type { Db, PrismaDb } from './client.ts';

/** The invite with this code as typed or upper-cased, or null. */
export function inviteByTypedCode(
  db: PrismaDb,
  typed: string,
): Promise<{ code: string; expiresAt: Date | null; usedAt: Date | null } | null> {
  return db.invite.findFirst({
    where: { code: { in: [typed, typed.toUpperCase()] } },
    select: { code: true, expiresAt: true, usedAt: true },
  });
}

/** A person's memberships in a seleksi, oldest first. */
export function membershipsOf(
  db: PrismaDb,
  personId: string,
  seleksiId: string,
): Promise<{ role: Db.Role; regionCode: string | null; categories: string[] }[]> {
  return db.membership.findMany({
    where: { personId, seleksiId },
    orderBy: { createdAt: 'asc' },
    select: { role: true, regionCode: true, categories: true },
  });
}

/** How much work is recorded in a person's name in a seleksi: submitted nominations and score sheets. */
export async function workOf(
  db: PrismaDb,
  personId: string,
  seleksiId: string,
): Promise<{ nominations: number; sheets: number }> {
  const [nominations, sheets] = await Promise.all([
    db.nomination.count({ where: { seleksiId, submittedById: personId, status: 'SUBMITTED' } }),
    db.scoreSheet.count({ where: { seleksiId, jurorId: personId } }),
  ]);
  return { nominations, sheets };
}

/** The nominee a member of the seleksi is, or null. */
export async function memberNomineeId(
  db: PrismaDb,
  personId: string,
  seleksiId: string,
): Promise<string | null> {
  const m = await db.membership.findFirst({
    where: { personId, seleksiId, role: 'MEMBER' },
    select: { nominationId: true },
  });
  return m?.nominationId ?? null;
}

/** Whether the reminder round (the seleksi, deadline and days before it) was already sent. */
export async function reminderRoundSent(
  db: PrismaDb,
  round: { seleksiId: string; deadline: string; deadlineAt: Date; daysBefore: number; personId: string },
): Promise<boolean> {
  return (await db.reminder.findFirst({ where: round, select: { id: true } })) !== null;
}

/** Counts of a seleksi's invites, members and submissions (for `seleksi status`). */
import type { Db, PrismaClient } from './client.ts';

/** Invites per role: issued and used. */
export async function countInvitesByRole(
  prisma: PrismaClient,
  seleksiId: string,
): Promise<{ role: Db.Role; issued: number; used: number }[]> {
  const groups = await prisma.invite.groupBy({
    by: ['role'],
    where: { seleksiId },
    _count: { _all: true, usedAt: true },
  });
  return groups.map((g) => ({ role: g.role, issued: g._count._all, used: g._count.usedAt }));
}

/** Memberships per role. */
export async function countMembersByRole(
  prisma: PrismaClient,
  seleksiId: string,
): Promise<{ role: Db.Role; count: number }[]> {
  const groups = await prisma.membership.groupBy({
    by: ['role'],
    where: { seleksiId },
    _count: { _all: true },
  });
  return groups.map((g) => ({ role: g.role, count: g._count._all }));
}

/** Submissions per status. */
export async function countSubmissionsByStatus(
  prisma: PrismaClient,
  seleksiId: string,
): Promise<{ status: Db.SubmissionStatus; count: number }[]> {
  const groups = await prisma.submission.groupBy({
    by: ['status'],
    where: { seleksiId },
    _count: { _all: true },
  });
  return groups.map((g) => ({ status: g.status, count: g._count._all }));
}

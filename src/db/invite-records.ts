/** Reads for making invites and registering with one (invite rows are inserted in invite-sql.ts). */
import type { Db, PrismaClient, Tx } from './client.ts';

type Reader = PrismaClient | Tx;

/** The id of the seleksi's SUBMITTED nomination with this number, or null. */
export async function submittedNominationId(
  db: Reader,
  seleksiId: string,
  number: string,
): Promise<string | null> {
  const nomination = await db.nomination.findFirst({
    where: { seleksiId, number, status: 'SUBMITTED' },
    select: { id: true },
  });
  return nomination?.id ?? null;
}

/** The seleksi's first `take` invites that are neither used nor expired at `now`, oldest first. */
export function unusedInvitesOf(
  db: Reader,
  seleksiId: string,
  take: number,
  now = new Date(),
): Promise<Db.Invite[]> {
  return db.invite.findMany({
    where: { seleksiId, usedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    orderBy: { createdAt: 'asc' },
    take,
  });
}

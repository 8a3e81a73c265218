/** Which frozen ranking a seleksi has (the rows themselves are read by ranking-sql.ts). */
import type { PrismaClient } from './client.ts';

/** The id of the newest frozen ranking of the seleksi with this digest (it must exist). */
export async function frozenRankingId(
  prisma: PrismaClient,
  seleksiId: string,
  digest: string,
): Promise<string> {
  const ranking = await prisma.ranking.findFirstOrThrow({
    where: { seleksiId, frozen: true, digest },
    orderBy: { computedAt: 'desc' },
    select: { id: true },
  });
  return ranking.id;
}

/** The digest and forced flag of the seleksi's newest frozen ranking, or null before the first close. */
export function latestFrozenRanking(
  prisma: PrismaClient,
  seleksiId: string,
): Promise<{ digest: string; forced: boolean } | null> {
  return prisma.ranking.findFirst({
    where: { seleksiId, frozen: true },
    orderBy: { computedAt: 'desc' },
    select: { digest: true, forced: true },
  });
}

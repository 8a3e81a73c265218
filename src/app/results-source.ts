import type { PrismaClient, Tx } from '../db/client.ts';
import type { ResultCategory, Results } from '../domain/results/index.ts';

type Db = PrismaClient | Tx;

/** The frozen ranking a broadcast is made from, as people read it, plus who each nominee is. */
export interface PublishedResults {
  rankingId: string;
  results: Results;
}

/** Reads a criterion-means object from a ranking entry's detail (`{ criteria: { CODE: mean } }`). */
function criteriaOf(detail: unknown): Record<string, number | null> {
  const criteria = (detail as { criteria?: unknown } | null)?.criteria;
  if (!criteria || typeof criteria !== 'object') return {};
  const out: Record<string, number | null> = {};
  for (const [code, value] of Object.entries(criteria as Record<string, unknown>)) {
    out[code] = typeof value === 'number' ? value : null;
  }
  return out;
}

/**
 * The newest frozen ranking of a seleksi as {@link Results}: categories in the definition's order,
 * entries by rank (unranked last), nominee names and kabupaten/kota names. Null when the seleksi has
 * no frozen ranking (not closed yet).
 */
export async function loadPublishedResults(
  db: Db,
  seleksiId: string,
  topN: number,
): Promise<PublishedResults | null> {
  const ranking = await db.ranking.findFirst({
    where: { seleksiId, frozen: true },
    orderBy: { computedAt: 'desc' },
    select: { id: true, seleksi: { select: { code: true, name: true } } },
  });
  if (!ranking) return null;
  const [categories, entries] = await Promise.all([
    db.category.findMany({
      where: { seleksiId },
      orderBy: [{ position: 'asc' }, { code: 'asc' }],
      select: {
        code: true,
        nameId: true,
        nameEn: true,
        criteria: {
          orderBy: [{ position: 'asc' }, { code: 'asc' }],
          select: { code: true, labelId: true, labelEn: true },
        },
      },
    }),
    db.rankingEntry.findMany({ where: { rankingId: ranking.id } }),
  ]);
  const nominations = await db.nomination.findMany({
    where: { id: { in: entries.map((e) => e.nominationId) } },
    select: { id: true, number: true, nomineeName: true, regionCode: true },
  });
  const regions = await db.region.findMany({
    where: { code: { in: [...new Set(nominations.map((n) => n.regionCode))] } },
    select: { code: true, name: true },
  });
  const regionName = new Map(regions.map((r) => [r.code, r.name]));
  const nomination = new Map(nominations.map((n) => [n.id, n]));
  const byRank = (a: { rank: number | null }, b: { rank: number | null }) =>
    (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER);
  const resultCategories: ResultCategory[] = categories.map((c) => ({
    code: c.code,
    name: { id: c.nameId, en: c.nameEn },
    criteria: c.criteria.map((k) => ({ code: k.code, label: { id: k.labelId, en: k.labelEn } })),
    entries: entries
      .filter((e) => e.categoryCode === c.code)
      .sort(byRank)
      .map((e) => {
        const n = nomination.get(e.nominationId);
        return {
          rank: e.rank ?? null,
          number: n?.number ?? e.nominationId,
          name: n?.nomineeName ?? '?',
          region: n ? (regionName.get(n.regionCode) ?? n.regionCode) : '?',
          final: e.finalScore ?? null,
          criteria: criteriaOf(e.detail),
        };
      }),
  }));
  return {
    rankingId: ranking.id,
    // A category nobody was nominated in has no result to announce.
    results: {
      seleksi: ranking.seleksi,
      topN,
      categories: resultCategories.filter((c) => c.entries.length > 0),
    },
  };
}

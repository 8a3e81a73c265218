import type { PrismaClient } from '../db/client.ts';
import { frozenRankingId } from '../db/ranking-lookup.ts';
import type { Results } from '../domain/results/index.ts';
import { loadSeleksiRecord } from './ranking-facts.ts';
import { readRankingView } from './ranking-view.ts';

/** The frozen ranking a broadcast is made from, as people read it. */
export interface PublishedResults {
  rankingId: string;
  results: Results;
}

/**
 * The newest frozen ranking of a seleksi (`readRankingView`, the one reader of stored rankings) as
 * the broadcast's {@link Results}: categories in the definition's order, entries in ranking order
 * (unranked ones last), nominee and kabupaten/kota names. Categories nobody was nominated in are left
 * out. Null when the seleksi has no frozen ranking (not closed yet).
 */
export async function loadPublishedResults(
  prisma: PrismaClient,
  seleksiId: string,
  topN: number,
): Promise<PublishedResults | null> {
  const seleksi = await loadSeleksiRecord(prisma, seleksiId);
  const view = await readRankingView(prisma, seleksi);
  if (!view) return null;
  const rankingId = await frozenRankingId(prisma, seleksi.id, view.digest);
  return {
    rankingId,
    results: {
      seleksi: { code: seleksi.code, name: seleksi.name },
      topN,
      categories: view.categories
        .filter((c) => c.entries.length > 0)
        .map((c) => ({
          code: c.code,
          name: c.name,
          criteria: c.criteria,
          entries: c.entries.map((e) => ({
            rank: e.rank,
            number: e.number,
            name: e.name,
            region: e.region,
            final: e.final,
            criteria: e.criteria,
          })),
        })),
    },
  };
}

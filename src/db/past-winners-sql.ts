/**
 * Earlier winners for the "not a recent winner" eligibility rule: nominees ranked at or above
 * `maxRank` in a category of a frozen ranking of an earlier seleksi at the same level and region,
 * held in the `years` years before this one. Bound parameters only.
 */

import type { RunSql } from './submission-runner.ts';

/** A nominee of an earlier seleksi who won, as the rule compares them. */
export interface PastWinner {
  nik: string | null;
  nominee_name: string;
  region_code: string;
  rank: number;
  year: number;
  seleksi_code: string;
}

const PAST_WINNERS = `
  SELECT DISTINCT n.answers ->> 'nik' AS nik, n.nominee_name, n.region_code, e.rank, s.year, s.code AS seleksi_code
    FROM seleksi cur
    JOIN seleksi s ON s.level = cur.level AND s.region_code = cur.region_code AND s.id <> cur.id
                  AND s.year < cur.year AND s.year >= cur.year - $2::int
    JOIN ranking r ON r.seleksi_id = s.id AND r.frozen
    JOIN ranking_entry e ON e.ranking_id = r.id AND e.category_code = $3 AND e.rank <= $4::int
    JOIN nomination n ON n.id = e.nomination_id
   WHERE cur.id = $1`;

/** The winners of the last `years` years in `categoryCode` (rank ≤ maxRank). */
export function pastWinners(
  sql: RunSql,
  seleksiId: string,
  categoryCode: string,
  years: number,
  maxRank: number,
): Promise<PastWinner[]> {
  return sql<PastWinner[]>(PAST_WINNERS, seleksiId, years, categoryCode, maxRank);
}

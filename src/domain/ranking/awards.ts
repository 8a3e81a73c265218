/**
 * Juara I/II/III (and harapan) per category, and juara umum: the best region over all categories
 * by the definition's points table. Pure.
 */
import { kabupatenOf } from '../permissions.ts';
import { byCodeUnit } from './numbers.ts';
import type { Award, AwardsSpec, JuaraUmumRow } from './types.ts';

/** The award of a rank: Juara 1..juara, then Harapan 1..harapan; shared ranks share the title. */
export function awardOf(rank: number | null, awards: Pick<AwardsSpec, 'juara' | 'harapan'>): Award | null {
  if (rank === null) return null;
  if (rank <= awards.juara) return `juara_${rank}`;
  if (rank <= awards.juara + awards.harapan) return `harapan_${rank - awards.juara}`;
  return null;
}

/** The region a nominee counts for in juara umum: its kabupaten/kota, or its province. */
export function juaraUmumRegion(regionCode: string, by: 'kabupaten' | 'provinsi'): string {
  if (by === 'provinsi') return regionCode.split('.')[0]!;
  return kabupatenOf(regionCode) ?? regionCode;
}

/**
 * Juara umum: each region sums `points[rank − 1]` over its ranked nominees in every category. Order:
 * points (higher first), then more rank-1 placings, more rank-2 placings, …; regions still equal
 * share the rank. Regions with no points are left out.
 */
export function juaraUmum(
  ranked: readonly { region: string; rank: number | null }[],
  spec: NonNullable<AwardsSpec['juaraUmum']>,
): JuaraUmumRow[] {
  const rows = new Map<string, { points: number; placings: number[] }>();
  for (const e of ranked) {
    if (e.rank === null || e.rank > spec.points.length) continue;
    const region = juaraUmumRegion(e.region, spec.by);
    const row = rows.get(region) ?? { points: 0, placings: spec.points.map(() => 0) };
    row.points += spec.points[e.rank - 1]!;
    row.placings[e.rank - 1]! += 1;
    rows.set(region, row);
  }
  const compare = (a: { points: number; placings: number[] }, b: typeof a) => {
    if (a.points !== b.points) return b.points - a.points;
    for (let i = 0; i < a.placings.length; i++) {
      if (a.placings[i] !== b.placings[i]) return b.placings[i]! - a.placings[i]!;
    }
    return 0;
  };
  const sorted = [...rows.entries()]
    .filter(([, r]) => r.points > 0)
    .sort(([ra, a], [rb, b]) => compare(a, b) || byCodeUnit(ra, rb));
  const out: JuaraUmumRow[] = [];
  sorted.forEach(([region, r], i) => {
    const prev = out[i - 1];
    const shared = prev && compare(sorted[i - 1]![1], r) === 0;
    out.push({ region, points: r.points, placings: r.placings, rank: shared ? prev.rank : i + 1 });
  });
  return out;
}

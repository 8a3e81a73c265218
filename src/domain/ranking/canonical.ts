/**
 * The canonical JSON a ranking's digest is computed over (README "Verifying a ranking" documents it
 * for third parties). RFC 8785 (JSON Canonicalization Scheme, via `canonicalize`): keys sorted, no
 * spaces. Lists are sorted so the order in which scores arrived never matters; ranking numbers are
 * written as text with 4 decimals so no float formatting is involved.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { byCodeUnit, fixed4 } from './numbers.ts';
import type { JuaraUmumRow, RankingEntry, RankingInput } from './types.ts';

/** Version of the canonical form; bumped if it ever changes. */
export const CANONICAL_VERSION = 1;

const text4 = (x: number | null) => (x === null ? null : fixed4(x));

/** The inputs part: method, nominees, counted scores, what was missing, forced. */
export function canonicalInputs(input: RankingInput): Record<string, unknown> {
  const m = input.method;
  const scores = input.scores
    .map((s) => [s.number, s.juror, s.criterion, s.value] as const)
    .sort((a, b) => byCodeUnit(a[0], b[0]) || a[1] - b[1] || byCodeUnit(a[2], b[2]));
  return {
    version: CANONICAL_VERSION,
    seleksi: input.seleksi,
    method: {
      normalization: m.normalization,
      trim_fraction: m.trimFraction,
      min_jurors: m.minJurors,
      awards: {
        juara: m.awards.juara,
        harapan: m.awards.harapan,
        juara_umum: m.awards.juaraUmum
          ? { points: m.awards.juaraUmum.points, by: m.awards.juaraUmum.by }
          : null,
      },
      categories: m.categories.map((c) => ({
        code: c.code,
        tie_break: c.tieBreak,
        criteria: c.criteria.map((k) => ({ code: k.code, weight: k.weight, min: k.min, max: k.max })),
      })),
    },
    nominees: input.nominees
      .map((n) => [n.number, n.category, n.region, n.submittedAt] as const)
      .sort((a, b) => byCodeUnit(a[0], b[0])),
    scores,
    missing: input.missing
      .map((x) => [x.number, x.juror] as const)
      .sort((a, b) => byCodeUnit(a[0], b[0]) || a[1] - b[1]),
    forced: input.forced,
  };
}

/** The results part: one row per nominee (by number), and juara umum. */
export function canonicalResults(
  entries: readonly RankingEntry[],
  juaraUmum: readonly JuaraUmumRow[] | null,
): Record<string, unknown> {
  const rows = [...entries]
    .sort((a, b) => byCodeUnit(a.number, b.number))
    .map((e) => ({
      number: e.number,
      rank: e.rank,
      final: text4(e.final),
      z: text4(e.z),
      jurors: e.jurors,
      spread: text4(e.spread),
      criteria: Object.fromEntries(Object.entries(e.criteria).map(([k, v]) => [k, text4(v)])),
      award: e.award,
      flag: e.flag,
      tie_rule: e.tie?.rule ?? null,
    }));
  return {
    results: rows,
    juara_umum: juaraUmum
      ? juaraUmum.map((r) => ({ region: r.region, points: r.points, rank: r.rank }))
      : null,
  };
}

/** SHA-256 (hex) of the canonical JSON of a value. */
export function digestOf(value: unknown): string {
  return createHash('sha256').update(canonicalize(value)!, 'utf8').digest('hex');
}

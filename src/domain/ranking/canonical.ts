/**
 * The canonical JSON a ranking's digest is computed over (README "Verifying a ranking" documents it
 * for third parties). RFC 8785 (JSON Canonicalization Scheme, via `canonicalize`): keys sorted, no
 * spaces. Lists are sorted so the order in which scores arrived never matters; ranking numbers are
 * written as text with 4 decimals so no float formatting is involved.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { byCodeUnit, fixed4 } from './numbers.ts';
import type { JuaraUmumRow, Normalization, RankingEntry, RankingInput, RankingMethod } from './types.ts';

/** The method in the canonical JSON. */
export interface CanonicalMethod {
  normalization: Normalization;
  trim_fraction: number;
  min_jurors: number;
  awards: {
    juara: number;
    harapan: number;
    juara_umum: null | { points: number[]; by: 'kabupaten' | 'provinsi' };
  };
  categories: {
    code: string;
    tie_break: string[];
    criteria: { code: string; weight: number; min: number; max: number }[];
  }[];
}

/** Version of the canonical form; bumped if it ever changes. */
export const CANONICAL_VERSION = 1;

const text4 = (x: number | null) => (x === null ? null : fixed4(x));

/** The method as the canonical JSON (and the ranking's `--json`) writes it: snake_case keys. */
export function canonicalMethod(m: RankingMethod): CanonicalMethod {
  return {
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
  };
}

/** The canonical method, read back (from a ranking's `--json`, for `seleksi verify`). */
export function methodFromCanonical(m: CanonicalMethod): RankingMethod {
  return {
    normalization: m.normalization,
    trimFraction: m.trim_fraction,
    minJurors: m.min_jurors,
    awards: {
      juara: m.awards.juara,
      harapan: m.awards.harapan,
      juaraUmum: m.awards.juara_umum
        ? { points: m.awards.juara_umum.points, by: m.awards.juara_umum.by }
        : null,
    },
    categories: m.categories.map((c) => ({
      code: c.code,
      tieBreak: c.tie_break,
      criteria: c.criteria.map((k) => ({ code: k.code, weight: k.weight, min: k.min, max: k.max })),
    })),
  };
}

/**
 * The members of the inputs part: method, nominees, counted sheets, what was missing, forced. Lists
 * are arrays of arrays, sorted; sheets hold their values in the method's criterion order.
 */
export function canonicalInputs(input: RankingInput): Record<string, unknown> {
  return {
    version: CANONICAL_VERSION,
    seleksi: input.seleksi,
    method: canonicalMethod(input.method),
    nominees: input.nominees
      .map((n) => [n.number, n.category, n.region, n.submittedAt] as const)
      .sort((a, b) => byCodeUnit(a[0], b[0])),
    sheets: input.sheets
      .map((s) => [s.number, s.juror, s.values] as const)
      .sort((a, b) => byCodeUnit(a[0], b[0]) || a[1] - b[1]),
    missing: input.missing
      .map((x) => [x.number, x.juror] as const)
      .sort((a, b) => byCodeUnit(a[0], b[0]) || a[1] - b[1]),
    forced: input.forced,
  };
}

/**
 * The members of the results part: one row per nominee (by number) — [number, rank, final, z,
 * jurors, spread, [criterion means in the method's criterion order], award, flag, tie rule] — and
 * juara umum rows [region, points, rank]. Ranking numbers are text with 4 decimals, or null.
 */
export function canonicalResults(
  method: RankingMethod,
  entries: readonly RankingEntry[],
  juaraUmum: readonly JuaraUmumRow[] | null,
): Record<string, unknown> {
  const codes = new Map(method.categories.map((c) => [c.code, c.criteria.map((k) => k.code)]));
  const rows = [...entries]
    .sort((a, b) => byCodeUnit(a.number, b.number))
    .map((e) => [
      e.number,
      e.rank,
      text4(e.final),
      text4(e.z),
      e.jurors,
      text4(e.spread),
      (codes.get(e.category) ?? []).map((code) => text4(e.criteria[code] ?? null)),
      e.award,
      e.flag,
      e.tie?.rule ?? null,
    ]);
  return {
    results: rows,
    juara_umum: juaraUmum ? juaraUmum.map((r) => [r.region, r.points, r.rank]) : null,
  };
}

/**
 * The RFC 8785 text of one member. Arrays of plain data (the sheets: 50,000 of them nationally) go
 * through JSON.stringify, whose output for them is exactly the RFC 8785 form (no objects, so no keys
 * to sort; strings and numbers are written the same way) at a fraction of the cost.
 */
function member(value: unknown): string {
  return isFlatData(value) ? JSON.stringify(value) : canonicalize(value)!;
}

/** True for arrays of plain data, checked one level down (rows of strings, numbers, null, arrays). */
function isFlatData(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.every(
      (row) =>
        !isObject(row) &&
        (!Array.isArray(row) || row.every((v) => !isObject(v) && (!Array.isArray(v) || !v.some(isObject)))),
    )
  );
}

function isObject(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Serialises members once; documents are assembled from them (a top-level object, keys sorted). */
export class CanonicalDocument {
  private readonly parts = new Map<string, string>();

  constructor(members: Record<string, unknown> = {}) {
    this.add(members);
  }

  add(members: Record<string, unknown>): this {
    for (const [key, value] of Object.entries(members)) {
      if (value !== undefined) this.parts.set(key, member(value));
    }
    return this;
  }

  /** The canonical JSON text, piece by piece. */
  private *pieces(): Generator<string> {
    const keys = [...this.parts.keys()].sort(byCodeUnit);
    for (const [i, k] of keys.entries()) {
      yield `${i === 0 ? '{' : ','}${JSON.stringify(k)}:`;
      yield this.parts.get(k)!;
    }
    yield keys.length === 0 ? '{}' : '}';
  }

  /** The canonical JSON text. */
  text(): string {
    return [...this.pieces()].join('');
  }

  /** SHA-256 (hex) of the canonical JSON text (UTF-8), hashed piece by piece. */
  digest(): string {
    const hash = createHash('sha256');
    for (const piece of this.pieces()) hash.update(piece, 'utf8');
    return hash.digest('hex');
  }
}

/** SHA-256 (hex) of the canonical JSON of an object. */
export function digestOf(value: Record<string, unknown>): string {
  return new CanonicalDocument(value).digest();
}

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

/** The members of the results part: one object per nominee (by number), and juara umum. */
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

/** True for arrays that hold only strings, finite numbers, booleans, null and such arrays. */
function isFlatData(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  return value.every(
    (v) =>
      v === null ||
      typeof v === 'string' ||
      typeof v === 'boolean' ||
      (typeof v === 'number' && Number.isFinite(v)) ||
      isFlatData(v),
  );
}

/**
 * The RFC 8785 text of one member. Arrays of plain data (the sheets: 50,000 of them nationally) go
 * through JSON.stringify, whose output for them is exactly the RFC 8785 form (no objects, so no keys
 * to sort; strings and numbers are written the same way) at a fraction of the cost.
 */
function member(value: unknown): string {
  return isFlatData(value) ? JSON.stringify(value) : canonicalize(value)!;
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

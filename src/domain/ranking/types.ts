/**
 * The inputs and results of a ranking (PRODUCT.md §4). Plain data: the app loads the inputs from the
 * database, `seleksi verify` rebuilds them from the exported files, and both hand them to
 * {@link computeRanking}. Field names follow the canonical JSON the digest is computed over.
 */

/** How a nominee's final score is made from the juror totals. */
export type Normalization = 'mean' | 'trimmed_mean' | 'zscore';

/** A criterion of a category as the ranking needs it. */
export interface CriterionSpec {
  code: string;
  /** Percent; the weights of a category sum to 100. */
  weight: number;
  min: number;
  max: number;
}

/** A category: its criteria in the definition's order and its tie-break chain. */
export interface CategorySpec {
  code: string;
  /** `criterion:CODE`, `spread`, `submitted_at`, `lot`, in order. */
  tieBreak: string[];
  criteria: CriterionSpec[];
}

/** Juara I/II/III (and harapan), and the optional juara umum. */
export interface AwardsSpec {
  /** Ranks that are Juara (I, II, III for 3). */
  juara: number;
  /** Ranks after the juara that are Juara Harapan (0 = none). */
  harapan: number;
  /**
   * Best region over all categories: `points[i]` for rank i + 1; `by` is the region a nominee counts
   * for (kabupaten/kota in a province's seleksi, the province in the national one). Null = none.
   */
  juaraUmum: null | { points: number[]; by: 'kabupaten' | 'provinsi' };
}

/** Everything that decides the ranking besides the scores: frozen with it and part of the digest. */
export interface RankingMethod {
  normalization: Normalization;
  /** trimmed_mean: share of the lowest and of the highest juror totals dropped. */
  trimFraction: number;
  /** A nominee scored by fewer jurors is flagged and left out of the ranking. */
  minJurors: number;
  awards: AwardsSpec;
  categories: CategorySpec[];
}

/** A nominee in the ranking. */
export interface NomineeInput {
  number: string;
  category: string;
  /** Region code of the kabupaten/kota the nominee represents. */
  region: string;
  /** When the nomination was submitted (ISO 8601, UTC, milliseconds): the `submitted_at` tie rule. */
  submittedAt: string;
}

/**
 * One counted score sheet: a juror's scores for a nominee, `values` in the order of the category's
 * criteria in the method. Jurors are numbered (1, 2, …), never named, so exports can be anonymous.
 */
export interface SheetInput {
  number: string;
  juror: number;
  values: number[];
}

/** A score sheet that was expected and not there when the ranking was frozen (close --force). */
export interface MissingSheet {
  number: string;
  juror: number;
}

/** The complete input of a ranking. */
export interface RankingInput {
  seleksi: string;
  method: RankingMethod;
  nominees: NomineeInput[];
  /** Recused and conflicted sheets are already left out. */
  sheets: SheetInput[];
  missing: MissingSheet[];
  /** Closed with `--force` while sheets were missing. */
  forced: boolean;
}

/** Why an entry stands where it does relative to the entry just above it, when their keys are equal. */
export interface TieNote {
  /** The entry above. */
  above: string;
  /** The rule that separated them; null when the whole chain left them equal (shared rank). */
  rule: string | null;
  /** The separating rule's values: the entry above's, then this entry's. */
  values: [number | string, number | string] | null;
  /** The rules before it, on which both were equal, with the shared value. */
  equal: { rule: string; value: number | string }[];
}

export type Award = `juara_${number}` | `harapan_${number}`;

/** One nominee's result. Numbers are rounded to 4 decimals (see numbers.ts). */
export interface RankingEntry {
  number: string;
  category: string;
  region: string;
  /** Null for a flagged nominee (fewer jurors than the minimum): shown, never ranked. */
  rank: number | null;
  /** On 0–100; null when no juror scored the nominee. */
  final: number | null;
  /** zscore only: the mean z-score the ranking orders by. */
  z: number | null;
  /** Mean raw score per criterion code. */
  criteria: Record<string, number | null>;
  jurors: number;
  /** Standard deviation of the jurors' values (see README); null without jurors. */
  spread: number | null;
  award: Award | null;
  flag: 'min_jurors' | null;
  tie: TieNote | null;
  submittedAt: string;
}

export interface CategoryResult {
  code: string;
  entries: RankingEntry[];
}

/** A region's standing for juara umum. */
export interface JuaraUmumRow {
  region: string;
  points: number;
  /** How many of its nominees reached rank 1, 2, … (one per entry of the points table). */
  placings: number[];
  rank: number;
}

/** A computed ranking with its digests. */
export interface RankingResult {
  categories: CategoryResult[];
  juaraUmum: JuaraUmumRow[] | null;
  /** SHA-256 of the canonical inputs: the seed of `lot`. */
  inputDigest: string;
  /** SHA-256 of the canonical inputs and results: the ranking's digest. */
  digest: string;
}

/**
 * From counted scores to each nominee's numbers within one category: juror totals, the final score
 * by the seleksi's normalisation, the spread between jurors and the mean per criterion. Pure.
 */
import { mean, populationSd, round4, sum, trimCount } from './numbers.ts';
import type { CategorySpec, NomineeInput, Normalization, RankingMethod, SheetInput } from './types.ts';

/** One nominee's numbers before ranking; every number rounded to 4 decimals. */
export interface NomineeScore {
  nominee: NomineeInput;
  jurors: number;
  /** What the ranking orders by: the final score, or under zscore the mean z-score. */
  key: number | null;
  final: number | null;
  z: number | null;
  spread: number | null;
  criteria: Record<string, number | null>;
}

/** One juror's complete sheet for one nominee: values in the category's criterion order. */
interface Sheet {
  juror: number;
  values: number[];
  total: number;
}

/**
 * A juror's total on 0–100: Σ weight × (score − min) / (max − min), over the criteria in the
 * definition's order, left to right from 0.
 */
export function jurorTotal(category: CategorySpec, values: readonly number[]): number {
  const criteria = category.criteria;
  let total = 0;
  for (let i = 0; i < criteria.length; i++) {
    const c = criteria[i]!;
    total += (c.weight * (values[i]! - c.min)) / (c.max - c.min);
  }
  return total;
}

/**
 * The sheets of each nominee, jurors in number order, with their totals. A sheet without exactly one
 * whole number per criterion is not counted (the worker never writes one).
 */
function sheetsByNominee(
  category: CategorySpec,
  nominees: readonly NomineeInput[],
  input: readonly SheetInput[],
): Map<string, Sheet[]> {
  const out = new Map<string, Sheet[]>(nominees.map((n) => [n.number, []]));
  const k = category.criteria.length;
  for (const s of input) {
    const list = out.get(s.number);
    if (!list || s.values.length !== k || !s.values.every(Number.isInteger)) continue;
    list.push({ juror: s.juror, values: s.values, total: jurorTotal(category, s.values) });
  }
  for (const list of out.values()) list.sort((a, b) => a.juror - b.juror);
  return out;
}

/** trimmed_mean: the totals sorted, ⌊k·f⌋ dropped at each end, the rest averaged (in sorted order). */
export function trimmedMean(totals: readonly number[], fraction: number): number {
  const sorted = [...totals].sort((a, b) => a - b);
  const t = trimCount(sorted.length, fraction);
  return mean(sorted.slice(t, sorted.length - t));
}

/** A juror's level and spread over all their sheets of a category (zscore). */
interface JurorScale {
  mean: number;
  sd: number;
}

/**
 * zscore: each juror's mean and population SD over all their sheets of the category (nominees in
 * number order), and the panel's level M (mean of the jurors' means) and spread S (mean of their
 * SDs), jurors in number order.
 */
function jurorScales(sheets: Map<string, Sheet[]>): {
  scales: Map<number, JurorScale>;
  M: number;
  S: number;
} {
  const totals = new Map<number, number[]>();
  for (const number of [...sheets.keys()].sort()) {
    for (const sheet of sheets.get(number)!) {
      const list = totals.get(sheet.juror) ?? [];
      list.push(sheet.total);
      totals.set(sheet.juror, list);
    }
  }
  const scales = new Map<number, JurorScale>();
  for (const juror of [...totals.keys()].sort((a, b) => a - b)) {
    const list = totals.get(juror)!;
    scales.set(juror, { mean: mean(list), sd: populationSd(list) });
  }
  const all = [...scales.values()];
  return { scales, M: mean(all.map((s) => s.mean)), S: mean(all.map((s) => s.sd)) };
}

/** z of one total: (T − μ) / σ, or 0 for a juror whose totals are all equal. */
function zOf(total: number, scale: JurorScale): number {
  return scale.sd > 0 ? (total - scale.mean) / scale.sd : 0;
}

/** The mean of the sheets' i-th values (summed left to right, as {@link mean}). */
function meanOfColumn(list: readonly Sheet[], i: number): number {
  let s = 0;
  for (const sheet of list) s += sheet.values[i]!;
  return s / list.length;
}

/** Every nominee's numbers within one category. */
export function scoreCategory(
  method: Pick<RankingMethod, 'normalization' | 'trimFraction'>,
  category: CategorySpec,
  nominees: readonly NomineeInput[],
  input: readonly SheetInput[],
): NomineeScore[] {
  const sheets = sheetsByNominee(category, nominees, input);
  const zscore = method.normalization === 'zscore' ? jurorScales(sheets) : null;
  return nominees.map((nominee) => {
    const list = sheets.get(nominee.number) ?? [];
    const criteria: Record<string, number | null> = {};
    category.criteria.forEach((c, i) => {
      criteria[c.code] = list.length > 0 ? round4(meanOfColumn(list, i)) : null;
    });
    if (list.length === 0) {
      return { nominee, jurors: 0, key: null, final: null, z: null, spread: null, criteria };
    }
    const totals = list.map((s) => s.total);
    const numbers = finalOf(method.normalization, method.trimFraction, totals, list, zscore);
    return { nominee, jurors: list.length, ...numbers, criteria };
  });
}

function finalOf(
  normalization: Normalization,
  trimFraction: number,
  totals: number[],
  list: Sheet[],
  zscore: ReturnType<typeof jurorScales> | null,
): Pick<NomineeScore, 'key' | 'final' | 'z' | 'spread'> {
  if (zscore) {
    const zs = list.map((s) => zOf(s.total, zscore.scales.get(s.juror)!));
    const z = mean(zs);
    const final = Math.min(100, Math.max(0, zscore.M + zscore.S * z));
    const spread = populationSd(zs.map((v) => zscore.M + zscore.S * v));
    return { key: round4(z), final: round4(final), z: round4(z), spread: round4(spread) };
  }
  const final =
    normalization === 'trimmed_mean' ? trimmedMean(totals, trimFraction) : sum(totals) / totals.length;
  return { key: round4(final), final: round4(final), z: null, spread: round4(populationSd(totals)) };
}

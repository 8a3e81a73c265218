/**
 * The arithmetic of the ranking, written so that another implementation can repeat it to the last
 * bit: IEEE 754 doubles, sums taken left to right in a stated order, and results rounded to 4
 * decimals the way JavaScript's `toFixed` does (the exact binary value, halves away from zero).
 */

/** Decimals every stored and compared ranking number has. */
export const DECIMALS = 4;

/** `x` rounded to 4 decimals (the exact binary value, halves away from zero); never -0. */
export function round4(x: number): number {
  const r = Number(x.toFixed(DECIMALS));
  return r === 0 ? 0 : r;
}

/** The canonical text of a ranking number: 4 decimals always ("87.5000"). */
export function fixed4(x: number): string {
  return round4(x).toFixed(DECIMALS);
}

/** Σ values, left to right from 0. */
export function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

/** Arithmetic mean (left-to-right sum / count); NaN for none. */
export function mean(values: readonly number[]): number {
  return sum(values) / values.length;
}

/** Population standard deviation: √(Σ (v − mean)² / n), the sum left to right. */
export function populationSd(values: readonly number[]): number {
  const m = mean(values);
  let s = 0;
  for (const v of values) s += (v - m) * (v - m);
  return Math.sqrt(s / values.length);
}

/** How many totals trimmed_mean drops at each end: ⌊k · f + 10⁻⁹⌋ (the epsilon absorbs 0.29 · 100 = 28.999…). */
export function trimCount(k: number, fraction: number): number {
  return Math.floor(k * fraction + 1e-9);
}

/** UTF-16 code-unit order of two strings (the order of every sorted list in the canonical JSON). */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

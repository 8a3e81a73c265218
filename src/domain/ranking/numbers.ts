/**
 * The arithmetic of the ranking, written so that another implementation can repeat it to the last
 * bit: IEEE 754 doubles, sums taken left to right in a stated order, and results rounded to 4
 * decimals the way JavaScript's `toFixed` does (the exact binary value, halves away from zero).
 */

/** Decimals every stored and compared ranking number has. */
export const DECIMALS = 4;

const SCALE = 10 ** DECIMALS;

/**
 * The integer n with round4(x) = n / 10⁴, when plain arithmetic finds it for certain: for |x| < 10⁴,
 * x · 10⁴ is off its exact value by less than 10⁻⁸, so unless it lies within 10⁻⁶ of a half, its
 * nearest integer is the one `toFixed` rounds to. Null otherwise (then `toFixed` decides): a tie is
 * left to it. Both ways give the same numbers; this one spares a decimal conversion per value.
 */
function scaled(x: number): number | null {
  if (!(Math.abs(x) < 1e4)) return null;
  const y = x * SCALE;
  const n = Math.round(y);
  return Math.abs(Math.abs(y - n) - 0.5) < 1e-6 ? null : n;
}

/** `x` rounded to 4 decimals (the exact binary value, halves away from zero); never -0. */
export function round4(x: number): number {
  const n = scaled(x);
  // n / 10⁴ is the double nearest to the decimal n·10⁻⁴: the one Number(x.toFixed(4)) reads.
  const r = n === null ? Number(x.toFixed(DECIMALS)) : n / SCALE;
  return r === 0 ? 0 : r;
}

/** The canonical text of a ranking number: 4 decimals always ("87.5000"). */
export function fixed4(x: number): string {
  const n = scaled(x);
  if (n === null || n === 0) return round4(x).toFixed(DECIMALS);
  const digits = String(Math.abs(n)).padStart(DECIMALS + 1, '0');
  const point = digits.length - DECIMALS;
  return `${n < 0 ? '-' : ''}${digits.slice(0, point)}.${digits.slice(point)}`;
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

/**
 * Human-readable nominee numbers: `${seleksi code}-${category code}-${seq}`, e.g. KALSEL-2026-TKSK-007.
 * The sequence runs per seleksi × category; the worker allocates it under a lock (see
 * app/process-submission.ts), so these functions only format and parse.
 */

/** Digits the sequence is padded to (more digits are kept, never cut). */
export const NUMBER_PAD = 3;

/** The nominee number for a sequence value (1-based). */
export function formatNomineeNumber(seleksiCode: string, categoryCode: string, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1)
    throw new RangeError(`Nominee sequence must be a positive integer, got ${seq}`);
  return `${seleksiCode}-${categoryCode}-${String(seq).padStart(NUMBER_PAD, '0')}`;
}

/** The next sequence value after the highest one in use (null when the category has none yet). */
export function nextSequence(highestInUse: number | null | undefined): number {
  return (highestInUse ?? 0) + 1;
}

/**
 * Splits a nominee number back into its parts. The seleksi code may itself contain dashes
 * (KALSEL-2026), so the category is the second-to-last part. Returns null when it does not parse.
 */
export function parseNomineeNumber(
  number: string,
): { seleksiCode: string; categoryCode: string; seq: number } | null {
  const match = /^(.+)-([^-]+)-(\d+)$/.exec(number.trim());
  if (!match) return null;
  const seq = Number(match[3]);
  if (seq < 1) return null;
  return { seleksiCode: match[1]!, categoryCode: match[2]!, seq };
}

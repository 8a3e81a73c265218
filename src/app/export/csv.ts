/** The raw-scores CSV (PRODUCT.md §5): a header row and one row per score. */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { csvLine } from '../../domain/csv.ts';
import type { RawScore } from './data.ts';

/** The columns, in order; `seleksi verify` reads them by name. */
export const RAW_SCORE_COLUMNS = [
  'number',
  'category',
  'juror',
  'juror_no',
  'criterion',
  'score',
  'submitted_at',
  'excluded',
] as const;

/** The CSV row of one score. */
export function rawScoreFields(r: RawScore): (string | number)[] {
  return [r.number, r.category, r.juror, r.jurorNo, r.criterion, r.score, r.submittedAt, r.excluded ?? ''];
}

/** Writes the raw scores to `file`, reporting progress every 10,000 rows. */
export async function writeRawScoresCsv(
  raw: readonly RawScore[],
  file: string,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  const failed = once(out, 'error').then(([e]) => Promise.reject(e as Error));
  failed.catch(() => {});
  const write = async (text: string) => {
    if (!out.write(text)) await Promise.race([once(out, 'drain'), failed]);
  };
  await write(csvLine(RAW_SCORE_COLUMNS));
  for (let start = 0; start < raw.length; start += 10_000) {
    await write(
      raw
        .slice(start, start + 10_000)
        .map((r) => csvLine(rawScoreFields(r)))
        .join(''),
    );
    onProgress?.(Math.min(start + 10_000, raw.length), raw.length);
  }
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
}

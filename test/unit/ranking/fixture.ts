/** Small ranking inputs written out by hand for the unit tests. */
import type {
  CategorySpec,
  RankingInput,
  RankingMethod,
  SheetInput,
} from '../../../src/domain/ranking/index.ts';

/** Two criteria on 1..5: TUGAS_POKOK 40 %, INOVASI 60 %: total = 10·(a−1) + 15·(b−1). */
export const TKSK: CategorySpec = {
  code: 'TKSK',
  tieBreak: ['criterion:INOVASI', 'spread', 'submitted_at', 'lot'],
  criteria: [
    { code: 'TUGAS_POKOK', weight: 40, min: 1, max: 5 },
    { code: 'INOVASI', weight: 60, min: 1, max: 5 },
  ],
};

export function method(overrides: Partial<RankingMethod> = {}): RankingMethod {
  return {
    normalization: 'mean',
    trimFraction: 0,
    minJurors: 1,
    awards: { juara: 3, harapan: 0, juaraUmum: null },
    categories: [TKSK],
    ...overrides,
  };
}

/** Sheets as { number: { juror: [tugas pokok, inovasi] } }. */
export function sheets(table: Record<string, Record<number, [number, number]>>): SheetInput[] {
  return Object.entries(table).flatMap(([number, byJuror]) =>
    Object.entries(byJuror).map(([juror, values]) => ({ number, juror: Number(juror), values })),
  );
}

/** Nominees KALSEL-2026-TKSK-00n from Tabalong, Banjar, … submitted a minute apart. */
export function input(
  table: Record<string, Record<number, [number, number]>>,
  overrides: Partial<RankingInput> & { method?: RankingMethod } = {},
): RankingInput {
  const regions = ['63.09', '63.03', '63.71', '63.72', '63.01', '63.02'];
  const numbers = Object.keys(table);
  return {
    seleksi: 'KALSEL-2026',
    method: method(),
    nominees: numbers.map((number, i) => ({
      number,
      category: 'TKSK',
      region: regions[i % regions.length]!,
      submittedAt: new Date(Date.UTC(2026, 5, 10, 2, i)).toISOString(),
    })),
    sheets: sheets(table),
    missing: [],
    forced: false,
    ...overrides,
  };
}

export const N = (i: number) => `KALSEL-2026-TKSK-${String(i).padStart(3, '0')}`;

/** Three jurors, three nominees; totals: N1 85 75 100, N2 80 90 40, N3 25 50 75. */
export const PANEL: Record<string, Record<number, [number, number]>> = {
  [N(1)]: { 1: [5, 4], 2: [4, 4], 3: [5, 5] },
  [N(2)]: { 1: [3, 5], 2: [4, 5], 3: [2, 3] },
  [N(3)]: { 1: [2, 2], 2: [3, 3], 3: [4, 4] },
};

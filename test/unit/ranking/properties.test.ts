/**
 * Properties of the ranking (fast-check): the order in which scores arrive or jurors are numbered
 * never changes the result; adding a constant to every score of one juror never changes a z-score
 * ranking; the digest is stable. Scales have a range of 4 or 8 so that juror totals are exact in
 * binary and sums in another order give the same numbers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CategorySpec,
  computeRanking,
  type RankingInput,
  type RankingResult,
} from '../../../src/domain/ranking/index.ts';

const CRITERIA = ['TUGAS_POKOK', 'KERJA_SAMA', 'INOVASI'];

/** Weights summing to 100 over the three criteria. */
const weights = fc
  .tuple(fc.integer({ min: 1, max: 98 }), fc.integer({ min: 1, max: 98 }))
  .filter(([a, b]) => a + b < 100)
  .map(([a, b]) => [a, b, 100 - a - b]);

interface Panel {
  category: CategorySpec;
  nominees: number;
  jurors: number;
  /** scores[nominee][juror][criterion]; null = no sheet (recused, conflict, missing). */
  scores: (number[] | null)[][];
}

const panel = (normalization: RankingInput['method']['normalization'], chain: string[]) =>
  fc
    .record({
      weights,
      range: fc.constantFrom(4, 8),
      nominees: fc.integer({ min: 2, max: 7 }),
      jurors: fc.integer({ min: 1, max: 4 }),
    })
    .chain(({ weights: w, range, nominees, jurors }) =>
      fc
        .array(
          fc.array(
            fc.option(fc.array(fc.integer({ min: 1, max: 1 + range }), { minLength: 3, maxLength: 3 }), {
              freq: 6,
            }),
            {
              minLength: jurors,
              maxLength: jurors,
            },
          ),
          { minLength: nominees, maxLength: nominees },
        )
        .map(
          (scores): Panel => ({
            category: {
              code: 'TKSK',
              tieBreak: chain,
              criteria: CRITERIA.map((code, i) => ({ code, weight: w[i]!, min: 1, max: 1 + range })),
            },
            nominees,
            jurors,
            scores,
          }),
        ),
    )
    .map((p) => ({ p, normalization }));

const number = (i: number) => `KALSEL-2026-TKSK-${String(i + 1).padStart(3, '0')}`;

function toInput(
  p: Panel,
  normalization: RankingInput['method']['normalization'],
  jurorNo = (j: number) => j + 1,
): RankingInput {
  return {
    seleksi: 'KALSEL-2026',
    method: {
      normalization,
      trimFraction: normalization === 'trimmed_mean' ? 0.25 : 0,
      minJurors: 1,
      awards: { juara: 3, harapan: 1, juaraUmum: { points: [5, 3, 1], by: 'kabupaten' } },
      categories: [p.category],
    },
    nominees: Array.from({ length: p.nominees }, (_, i) => ({
      number: number(i),
      category: 'TKSK',
      region: `63.${String(i % 3).padStart(2, '0')}`,
      submittedAt: new Date(Date.UTC(2026, 5, 1, 0, i % 2)).toISOString(),
    })),
    sheets: p.scores.flatMap((byJuror, i) =>
      byJuror.flatMap((values, j) =>
        values === null ? [] : [{ number: number(i), juror: jurorNo(j), values: [...values] }],
      ),
    ),
    missing: [],
    forced: false,
  };
}

/** What a ranking says, without the digests. */
const outcome = (r: RankingResult) => ({ categories: r.categories, juaraUmum: r.juaraUmum });

const NORMALISATIONS = ['mean', 'trimmed_mean', 'zscore'] as const;

describe('ranking properties', () => {
  it('the order in which scores and nominees arrive changes nothing, digest included', () => {
    for (const normalization of NORMALISATIONS) {
      fc.assert(
        fc.property(
          panel(normalization, ['criterion:INOVASI', 'spread', 'submitted_at', 'lot']),
          fc.func(fc.integer()),
          ({ p }, order) => {
            const input = toInput(p, normalization);
            const shuffled = structuredClone(input);
            const key = (x: unknown) => order(JSON.stringify(x));
            shuffled.sheets.sort((a, b) => key(a) - key(b));
            shuffled.nominees.sort((a, b) => key(a) - key(b));
            expect(computeRanking(shuffled)).toEqual(computeRanking(input));
          },
        ),
        { numRuns: 60 },
      );
    }
  });

  it('numbering the jurors differently changes no rank and no score', () => {
    for (const normalization of NORMALISATIONS) {
      fc.assert(
        fc.property(panel(normalization, ['criterion:INOVASI', 'spread', 'submitted_at']), ({ p }) => {
          // Juror j becomes juror (jurors − j): the reverse order.
          const a = computeRanking(toInput(p, normalization));
          const b = computeRanking(toInput(p, normalization, (j) => p.jurors - j));
          expect(outcome(b)).toEqual(outcome(a));
        }),
        { numRuns: 80 },
      );
    }
  });

  it('adding a constant to every score of one juror never changes a z-score ranking', () => {
    fc.assert(
      fc.property(
        panel('zscore', ['spread', 'submitted_at']),
        fc.nat(),
        fc.integer({ min: 1, max: 3 }),
        ({ p }, pick, shift) => {
          const range = p.category.criteria[0]!.max - 1;
          const j = pick % p.jurors;
          // Keep that juror's scores low enough that the shifted ones stay on the scale.
          const base = structuredClone(p);
          for (const byJuror of base.scores) {
            const v = byJuror[j];
            if (v) byJuror[j] = v.map((x) => Math.min(x, 1 + range - shift));
          }
          const shifted = structuredClone(base);
          for (const byJuror of shifted.scores) {
            const v = byJuror[j];
            if (v) byJuror[j] = v.map((x) => x + shift);
          }
          const rank = (r: RankingResult) => r.categories[0]!.entries.map((e) => [e.number, e.rank, e.z]);
          expect(rank(computeRanking(toInput(shifted, 'zscore')))).toEqual(
            rank(computeRanking(toInput(base, 'zscore'))),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('the digest is stable: a copy, a JSON round trip and a recomputation give the same one', () => {
    fc.assert(
      fc.property(panel('mean', ['criterion:INOVASI', 'lot']), ({ p }) => {
        const input = toInput(p, 'mean');
        const first = computeRanking(input);
        expect(first.digest).toMatch(/^[0-9a-f]{64}$/);
        expect(computeRanking(JSON.parse(JSON.stringify(input))).digest).toBe(first.digest);
        expect(computeRanking(input).digest).toBe(first.digest);
      }),
      { numRuns: 60 },
    );
  });

  it('the digest changes when one score changes', () => {
    fc.assert(
      fc.property(panel('mean', ['lot']), ({ p }) => {
        const input = toInput(p, 'mean');
        fc.pre(input.sheets.length > 0);
        const changed = structuredClone(input);
        const s = changed.sheets[0]!;
        s.values[0] = s.values[0] === 1 ? 2 : s.values[0]! - 1;
        expect(computeRanking(changed).digest).not.toBe(computeRanking(input).digest);
      }),
      { numRuns: 40 },
    );
  });
});

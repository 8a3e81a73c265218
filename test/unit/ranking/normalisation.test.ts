/**
 * Each normalisation on a panel computed by hand (totals 10·(a−1) + 15·(b−1)):
 * N1: 85, 75, 100 · N2: 80, 90, 40 · N3: 25, 50, 75 (jurors 1, 2, 3).
 */
import { describe, expect, it } from 'vitest';
import { computeRanking, jurorTotal, trimmedMean } from '../../../src/domain/ranking/index.ts';
import { input, method, N, PANEL, TKSK } from './fixture.ts';

const entries = (r: ReturnType<typeof computeRanking>) => r.categories[0]!.entries;

describe('juror total', () => {
  it('is Σ weight × (score − min) / (max − min) on 0–100', () => {
    expect(jurorTotal(TKSK, [5, 4])).toBe(85);
    expect(jurorTotal(TKSK, [1, 1])).toBe(0);
    expect(jurorTotal(TKSK, [5, 5])).toBe(100);
    expect(jurorTotal(TKSK, [2, 3])).toBe(40);
  });
});

describe('mean', () => {
  it('averages the juror totals', () => {
    const r = entries(computeRanking(input(PANEL)));
    expect(r.map((e) => [e.number, e.rank, e.final, e.jurors])).toEqual([
      [N(1), 1, 86.6667, 3],
      [N(2), 2, 70, 3],
      [N(3), 3, 50, 3],
    ]);
    // Population SD of 85, 75, 100 = √(350 / 9 · 3 / 3)… = 10.2740; mean INOVASI of N1 = (4+4+5)/3.
    expect(r[0]!.spread).toBe(10.274);
    expect(r[0]!.criteria).toEqual({ TUGAS_POKOK: 4.6667, INOVASI: 4.3333 });
    expect(r.map((e) => e.award)).toEqual(['juara_1', 'juara_2', 'juara_3']);
  });
});

describe('trimmed mean', () => {
  it('drops ⌊k·f⌋ totals at each end (k = 3, f = 0.34: one each)', () => {
    const r = entries(
      computeRanking(input(PANEL, { method: method({ normalization: 'trimmed_mean', trimFraction: 0.34 }) })),
    );
    expect(r.map((e) => [e.number, e.final])).toEqual([
      [N(1), 85],
      [N(2), 80],
      [N(3), 50],
    ]);
  });

  it('drops nothing when k·f < 1 and copes with 0.29 · 100 = 28.999…', () => {
    expect(trimmedMean([10, 20, 90], 0.3)).toBe(40);
    const hundred = Array.from({ length: 100 }, (_, i) => i);
    // 29 dropped at each end: the mean of 29..70.
    expect(trimmedMean(hundred, 0.29)).toBe(49.5);
  });
});

describe('zscore', () => {
  it('standardises per juror, averages the z, maps back with the panel level and spread', () => {
    // Juror means 63.3333, 71.6667, 71.6667 → M = 68.8889; SDs 27.1825, 16.4992, 24.6081 → S = 22.7632.
    const r = entries(computeRanking(input(PANEL, { method: method({ normalization: 'zscore' }) })));
    expect(r.map((e) => [e.number, e.rank, e.z, e.final, e.spread])).toEqual([
      [N(1), 1, 0.7168, 85.2063, 8.9165],
      [N(2), 2, 0.1458, 72.2083, 23.5201],
      [N(3), 3, -0.8627, 49.2521, 16.0909],
    ]);
  });

  it('gives z = 0 to a juror whose totals are all equal', () => {
    const r = entries(
      computeRanking(
        input(
          { [N(1)]: { 1: [3, 3] }, [N(2)]: { 1: [3, 3] } },
          { method: method({ normalization: 'zscore' }) },
        ),
      ),
    );
    expect(r.map((e) => [e.z, e.final])).toEqual([
      [0, 50],
      [0, 50],
    ]);
  });

  it('keeps finals within 0–100', () => {
    // Juror 1 spreads widely, juror 2 gives one high mark among equal ones: M + S·z̄ > 100 for N1.
    const table: Record<string, Record<number, [number, number]>> = {
      [N(1)]: { 1: [5, 5], 2: [5, 5] },
      [N(2)]: { 1: [1, 1], 2: [4, 4] },
      [N(3)]: { 1: [5, 5], 2: [4, 4] },
      [N(4)]: { 1: [5, 5], 2: [4, 4] },
    };
    const r = entries(computeRanking(input(table, { method: method({ normalization: 'zscore' }) })));
    // M = 78.125, S = 27.0633, z̄(N1) = (0.5774 + 1.7321) / 2 = 1.1547: 109.375 before the clamp.
    expect(r[0]).toMatchObject({ number: N(1), z: 1.1547, final: 100 });
    expect(r.every((e) => e.final! >= 0 && e.final! <= 100)).toBe(true);
  });
});

describe('recusals, conflicts and the minimum of jurors', () => {
  it('ranks only with the scores given (the loader leaves recused and conflicted sheets out)', () => {
    // Juror 3 recused from N2 (their 40 is not counted): N2 = (80 + 90) / 2 = 85 instead of 70.
    const table = structuredClone(PANEL);
    delete table[N(2)]![3];
    const r = entries(computeRanking(input(table)));
    expect(r.map((e) => [e.number, e.final, e.jurors])).toEqual([
      [N(1), 86.6667, 3],
      [N(2), 85, 2],
      [N(3), 50, 3],
    ]);
  });

  it('flags a nominee scored by fewer jurors than the minimum, ranks the others', () => {
    const table = structuredClone(PANEL);
    delete table[N(1)]![2];
    delete table[N(1)]![3];
    table[N(4)] = {};
    const r = entries(computeRanking(input(table, { method: method({ minJurors: 2 }) })));
    expect(r.map((e) => [e.number, e.rank, e.flag, e.award, e.jurors])).toEqual([
      [N(2), 1, null, 'juara_1', 3],
      [N(3), 2, null, 'juara_2', 3],
      [N(1), null, 'min_jurors', null, 1],
      [N(4), null, 'min_jurors', null, 0],
    ]);
    expect(r[3]!.final).toBeNull();
  });
});

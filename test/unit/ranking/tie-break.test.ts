/**
 * A tie decided at each rule of the chain [criterion:INOVASI, spread, submitted_at, lot], and one
 * the chain cannot decide. Totals: 10·(a−1) + 15·(b−1).
 */
import { describe, expect, it } from 'vitest';
import { computeRanking, lotOf, tieNoteText } from '../../../src/domain/ranking/index.ts';
import { input, method, N, TKSK } from './fixture.ts';

const labels = (code: string) => (code === 'INOVASI' ? 'Inovasi' : code);
const ranked = (r: ReturnType<typeof computeRanking>) => r.categories[0]!.entries;

describe('tie-break chain', () => {
  it('criterion:INOVASI — the higher mean innovation stands above', () => {
    // N1 [5, 2] = 40 + 15 = 55, INOVASI 2; N2 [2, 4] = 10 + 45 = 55, INOVASI 4.
    const r = ranked(computeRanking(input({ [N(1)]: { 1: [5, 2] }, [N(2)]: { 1: [2, 4] } })));
    expect(r.map((e) => [e.number, e.rank, e.final])).toEqual([
      [N(2), 1, 55],
      [N(1), 2, 55],
    ]);
    expect(r[0]!.tie).toBeNull();
    expect(r[1]!.tie).toEqual({ above: N(2), rule: 'criterion:INOVASI', values: [4, 2], equal: [] });
    expect(tieNoteText(r[1]!.tie!, N(1), 'id', labels)).toBe(
      'KALSEL-2026-TKSK-002 di atas -001: nilai akhir sama; rata-rata Inovasi lebih tinggi (4,00 vs 2,00)',
    );
    expect(tieNoteText(r[1]!.tie!, N(1), 'en', labels)).toBe(
      'KALSEL-2026-TKSK-002 above -001: same final score; higher mean Inovasi (4.00 vs 2.00)',
    );
  });

  it('spread — equal innovation, the lower spread between jurors stands above', () => {
    // N1: [3,3] twice = 50, 50 (spread 0); N2: [1,3] = 30 and [5,3] = 70 (mean 50, spread 20). INOVASI 3 both.
    const r = ranked(
      computeRanking(input({ [N(1)]: { 1: [1, 3], 2: [5, 3] }, [N(2)]: { 1: [3, 3], 2: [3, 3] } })),
    );
    expect(r.map((e) => [e.number, e.rank, e.final, e.spread])).toEqual([
      [N(2), 1, 50, 0],
      [N(1), 2, 50, 20],
    ]);
    expect(r[1]!.tie).toEqual({
      above: N(2),
      rule: 'spread',
      values: [0, 20],
      equal: [{ rule: 'criterion:INOVASI', value: 3 }],
    });
  });

  it('submitted_at — equal scores, the earlier nomination stands above', () => {
    const table = { [N(1)]: { 1: [4, 4] as [number, number] }, [N(2)]: { 1: [4, 4] as [number, number] } };
    const base = input(table);
    // N2 nominated a minute before N1.
    base.nominees[1]!.submittedAt = '2026-06-10T01:59:00.000Z';
    const r = ranked(computeRanking(base));
    expect(r.map((e) => [e.number, e.rank])).toEqual([
      [N(2), 1],
      [N(1), 2],
    ]);
    expect(r[1]!.tie).toMatchObject({
      rule: 'submitted_at',
      values: ['2026-06-10T01:59:00.000Z', '2026-06-10T02:00:00.000Z'],
    });
    expect(tieNoteText(r[1]!.tie!, N(1), 'id', labels, '+08:00')).toContain(
      'nominasi dikirim lebih awal (2026-06-10 09:59:00.000 (UTC+08:00) vs 2026-06-10 10:00:00.000 (UTC+08:00))',
    );
  });

  it('lot — everything equal, the draw seeded by the digest of the inputs decides, reproducibly', () => {
    const table = Object.fromEntries([1, 2, 3, 4].map((i) => [N(i), { 1: [3, 3] as [number, number] }]));
    const base = input(table);
    for (const n of base.nominees) n.submittedAt = '2026-06-10T02:00:00.000Z';
    const result = computeRanking(base);
    const r = ranked(result);
    const drawn = [1, 2, 3, 4]
      .map(N)
      .sort((a, b) => (lotOf(result.inputDigest, a) < lotOf(result.inputDigest, b) ? -1 : 1));
    expect(r.map((e) => e.number)).toEqual(drawn);
    expect(r.map((e) => e.rank)).toEqual([1, 2, 3, 4]);
    expect(r.slice(1).map((e) => e.tie!.rule)).toEqual(['lot', 'lot', 'lot']);
    expect(computeRanking(structuredClone(base)).digest).toBe(result.digest);
  });

  it('a chain that cannot decide leaves a shared rank, and both share the award', () => {
    const table = {
      [N(1)]: { 1: [5, 5] as [number, number] },
      [N(2)]: { 1: [3, 3] as [number, number] },
      [N(3)]: { 1: [3, 3] as [number, number] },
    };
    const base = input(table, {
      method: method({ categories: [{ ...TKSK, tieBreak: ['criterion:INOVASI'] }] }),
    });
    const r = ranked(computeRanking(base));
    expect(r.map((e) => [e.number, e.rank, e.award])).toEqual([
      [N(1), 1, 'juara_1'],
      [N(2), 2, 'juara_2'],
      [N(3), 2, 'juara_2'],
    ]);
    expect(r[2]!.tie).toEqual({
      above: N(2),
      rule: null,
      values: null,
      equal: [{ rule: 'criterion:INOVASI', value: 3 }],
    });
    expect(tieNoteText(r[2]!.tie!, N(3), 'id', labels)).toBe(
      'KALSEL-2026-TKSK-002 sama kuat dengan -003: nilai akhir sama; rata-rata Inovasi sama; semua aturan penentu sama: peringkat bersama',
    );
  });
});

describe('awards', () => {
  it('gives Juara I–III and Harapan I–II, and juara umum by the points table', () => {
    const table = Object.fromEntries(
      [1, 2, 3, 4, 5, 6].map((i) => [N(i), { 1: [i, 5] as [number, number] }]),
    );
    // Regions (fixture): N1 63.09, N2 63.03, N3 63.71, N4 63.72, N5 63.01, N6 63.02 → N6 ranks first.
    const base = input(
      { ...table, [N(6)]: { 1: [5, 5] }, [N(5)]: { 1: [5, 4] } },
      {
        method: method({
          awards: { juara: 3, harapan: 2, juaraUmum: { points: [5, 3, 1], by: 'kabupaten' } },
        }),
      },
    );
    base.nominees.push({
      number: 'KALSEL-2026-TKSK-007',
      category: 'TKSK',
      region: '63.02',
      submittedAt: '2026-06-10T03:00:00.000Z',
    });
    base.sheets.push({ number: 'KALSEL-2026-TKSK-007', juror: 1, values: [4, 5] });
    const result = computeRanking(base);
    const r = ranked(result);
    expect(r.map((e) => [e.number.slice(-3), e.rank, e.award])).toEqual([
      ['006', 1, 'juara_1'],
      ['004', 2, 'juara_2'],
      ['007', 3, 'juara_3'],
      ['005', 4, 'harapan_1'],
      ['003', 5, 'harapan_2'],
      ['002', 6, null],
      ['001', 7, null],
    ]);
    // 004 and 007 tie at 85 with equal INOVASI and spread: 004 was nominated earlier.
    expect(r[2]!.tie!.rule).toBe('submitted_at');
    // 63.02: rank 1 (5) + rank 3 (1) = 6; 63.72: rank 2 (3); 63.71 (rank 5) gets no points.
    expect(result.juaraUmum).toEqual([
      { region: '63.02', points: 6, placings: [1, 0, 1], rank: 1 },
      { region: '63.72', points: 3, placings: [0, 1, 0], rank: 2 },
    ]);
  });
});

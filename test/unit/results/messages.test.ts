import { describe, expect, it } from 'vitest';
import {
  CAPTION_MAX,
  categoryAverage,
  chartSvg,
  composeResults,
  personalText,
  rankingText,
} from '../../../src/domain/results/index.ts';
import { tkskResults } from './fixture.ts';

describe('results messages', () => {
  it('ranks the top N with final score and kabupaten/kota, in both languages', () => {
    const r = tkskResults(3);
    const tksk = r.categories[0]!;
    expect(rankingText(r, tksk, 'id')).toBe(
      [
        '🏆 Hasil Seleksi Pilar Sosial Kalimantan Selatan 2026',
        'TKSK — Tenaga Kesejahteraan Sosial Kecamatan (3 besar)',
        '1. Siti Aminah — Kab. Banjar: 87,50',
        '2. Ahmad Fauzi — Kab. Tabalong: 85,25',
        '3. Rina <Sari> & Co — Kota Banjarmasin: 80,00',
      ].join('\n'),
    );
    expect(rankingText(r, tksk, 'en')).toContain('1. Siti Aminah — Kab. Banjar: 87.50');
    expect(rankingText(r, tksk, 'en')).toContain('(top 3)');
  });

  it('tells a nominee their rank, final, mean per criterion and the category average', () => {
    const r = tkskResults();
    const tksk = r.categories[0]!;
    // Average of the ranked finals: (87.5 + 85.25 + 80 + 71.25) / 4 = 81.
    expect(categoryAverage(tksk)).toBe(81);
    expect(personalText(r, tksk, tksk.entries[1]!, 'id')).toBe(
      [
        '🏅 Hasil Anda — Seleksi Pilar Sosial Kalimantan Selatan 2026',
        'KALSEL-2026-TKSK-007 — Ahmad Fauzi (Kab. Tabalong), TKSK',
        'Peringkat 2 dari 4, nilai akhir 85,25',
        'Rata-rata kategori: 81,00',
        'Nilai rata-rata per kriteria:',
        '• Tugas pokok: 84,0',
        '• Inovasi: 86,0',
      ].join('\n'),
    );
    expect(personalText(r, tksk, tksk.entries[4]!, 'en')).toContain('Not ranked');
  });

  it('keeps a long ranking within a caption and says how many were left out', () => {
    const r = tkskResults(200);
    const tksk = r.categories[0]!;
    tksk.entries = Array.from({ length: 200 }, (_, i) => ({
      rank: i + 1,
      number: `N-${i}`,
      name: `Nominee with a rather long name ${i}`,
      region: 'Kabupaten Hulu Sungai Selatan',
      final: 90 - i * 0.1,
      criteria: {},
    }));
    const text = rankingText(r, tksk, 'id');
    expect(text.length).toBeLessThanOrEqual(CAPTION_MAX);
    expect(text).toMatch(/… dan \d+ lainnya$/);
  });

  it('composes one ranking per category and one personal result per nominee', () => {
    const keys = composeResults(tkskResults()).map((m) => m.key);
    expect(keys).toEqual([
      'ranking:TKSK',
      'personal:KALSEL-2026-TKSK-003',
      'personal:KALSEL-2026-TKSK-007',
      'personal:KALSEL-2026-TKSK-001',
      'personal:KALSEL-2026-TKSK-002',
      'personal:KALSEL-2026-TKSK-009',
    ]);
  });

  it('draws one bar per top entry, escaping names', () => {
    const r = tkskResults(3);
    const svg = chartSvg(r, r.categories[0]!, 'id');
    expect(svg.match(/<rect x="330"/g)).toHaveLength(3);
    expect(svg).toContain('3. Rina &lt;Sari&gt; &amp; Co');
    expect(svg).toContain('87,50');
    expect(svg).not.toContain('Dewi');
  });
});

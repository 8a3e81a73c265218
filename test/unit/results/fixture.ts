import type { Results } from '../../../src/domain/results/index.ts';

/** Kalimantan Selatan's TKSK results, small enough to check by hand. */
export function tkskResults(topN = 3): Results {
  return {
    seleksi: { code: 'KALSEL-2026', name: 'Seleksi Pilar Sosial Kalimantan Selatan 2026' },
    topN,
    categories: [
      {
        code: 'TKSK',
        name: { id: 'Tenaga Kesejahteraan Sosial Kecamatan', en: 'Sub-district Social Welfare Workers' },
        criteria: [
          { code: 'TUGAS', label: { id: 'Tugas pokok', en: 'Core duties' } },
          { code: 'INOVASI', label: { id: 'Inovasi', en: 'Innovation' } },
        ],
        entries: [
          {
            rank: 1,
            number: 'KALSEL-2026-TKSK-003',
            name: 'Siti Aminah',
            region: 'Kab. Banjar',
            final: 87.5,
            criteria: { TUGAS: 86, INOVASI: 88.5 },
          },
          {
            rank: 2,
            number: 'KALSEL-2026-TKSK-007',
            name: 'Ahmad Fauzi',
            region: 'Kab. Tabalong',
            final: 85.25,
            criteria: { TUGAS: 84, INOVASI: 86 },
          },
          {
            rank: 3,
            number: 'KALSEL-2026-TKSK-001',
            name: 'Rina <Sari> & Co',
            region: 'Kota Banjarmasin',
            final: 80,
            criteria: { TUGAS: 80, INOVASI: 80 },
          },
          {
            rank: 4,
            number: 'KALSEL-2026-TKSK-002',
            name: 'Budi',
            region: 'Kab. Tanah Laut',
            final: 71.25,
            criteria: { TUGAS: 70, INOVASI: 72 },
          },
          {
            rank: null,
            number: 'KALSEL-2026-TKSK-009',
            name: 'Dewi',
            region: 'Kab. Balangan',
            final: 90,
            criteria: { TUGAS: 90, INOVASI: 90 },
          },
        ],
      },
    ],
  };
}

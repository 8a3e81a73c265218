import { describe, expect, it } from 'vitest';
import { type CategoryRules, categoryRulesOf } from '../../src/domain/definition/category-rules.ts';
import { answerRefusal, nominationRefusal } from '../../src/domain/eligibility.ts';
import { checkEligibility } from '../../src/domain/submission-rules.ts';

/** TKSK as examples/kalsel-2026.yaml stores it (category.settings and seleksi.rules). */
const settings = {
  nomination: {
    extra_fields: [],
    min_photos: 3,
    required_documents: [{ key: 'sk_penugasan', label: { id: 'SK penugasan', en: 'Assignment decree' } }],
  },
  evidence: { INOVASI: ['inovasi'] },
};
const rules = {
  eligibility: [
    {
      id: 'masa-aktif',
      kind: 'min_years_active',
      years: 2,
      categories: ['TKSK'],
      text: { id: 'Aktif 2 tahun', en: 'Active 2 years' },
    },
    {
      id: 'usia',
      kind: 'age_range',
      min: 18,
      max: 60,
      categories: ['TKSK'],
      text: { id: 'Usia', en: 'Age' },
    },
    {
      id: 'kt-saja',
      kind: 'min_years_founded',
      years: 2,
      categories: ['KARANG_TARUNA'],
      text: { id: 'x', en: 'x' },
    },
    {
      id: 'tanpa-hubungan',
      kind: 'declaration',
      text: { id: 'Tidak berkerabat dengan juri.', en: 'Not related to a juror.' },
    },
  ],
};
const tksk: CategoryRules = categoryRulesOf('TKSK', settings, rules);
const now = new Date('2026-11-30T06:00:00Z');
const photo = (n: number) =>
  Array.from({ length: n }, () => ({ field: 'foto_kegiatan', kind: 'PHOTO' as const }));
const sk = { field: 'sk_penugasan', kind: 'DOCUMENT' as const };
const good = {
  aktif_sejak: 2015,
  tanggal_lahir: '1985-03-12',
  pernyataan_tanpa_hubungan: 'YA',
};

describe('eligibility rules of a category', () => {
  it('keeps only the rules of the category and reads the stored settings', () => {
    expect(tksk.eligibility.map((r) => r.id)).toEqual(['masa-aktif', 'usia', 'tanpa-hubungan']);
    expect(tksk.minPhotos).toBe(3);
    expect(tksk.documents).toEqual([
      { key: 'sk_penugasan', label: { id: 'SK penugasan', en: 'Assignment decree' } },
    ]);
    expect(tksk.evidence).toEqual({ INOVASI: ['inovasi'] });
    // Settings written before this version (or broken) count as no settings.
    expect(categoryRulesOf('TKSK', { nomination: 'x' }, null)).toMatchObject({
      minPhotos: 0,
      eligibility: [],
    });
  });

  it('refuses an answer with the reason, as the officer types it', () => {
    expect(answerRefusal(tksk, 'aktif_sejak', 2025, now)?.id).toBe(
      'Calon harus aktif minimal 2 tahun; tahun 2025 berarti baru 1 tahun.',
    );
    expect(answerRefusal(tksk, 'aktif_sejak', 2024, now)).toBeNull();
    expect(answerRefusal(tksk, 'tanggal_lahir', '2010-01-01', now)?.id).toBe(
      'Usia calon harus 18–60 tahun; lahir 01-01-2010 berarti 16 tahun.',
    );
    // 60 until the day before the 61st birthday.
    expect(answerRefusal(tksk, 'tanggal_lahir', '1965-12-01', now)).toBeNull();
    expect(answerRefusal(tksk, 'tanggal_lahir', '1965-11-30', now)?.en).toBe(
      'The nominee must be 18–60 years old; born 30-11-1965 means 61.',
    );
    expect(answerRefusal(tksk, 'pernyataan_tanpa_hubungan', 'TIDAK', now)?.id).toBe(
      'Calon tidak memenuhi syarat: Tidak berkerabat dengan juri.',
    );
    expect(answerRefusal(tksk, 'nama', 'Budi', now)).toBeNull();
  });

  it('refuses a whole nomination: photos, required document, rule answers', () => {
    expect(nominationRefusal(tksk, good, [...photo(3), sk], now)).toBeNull();
    expect(nominationRefusal(tksk, good, [...photo(1), sk], now)?.id).toBe(
      'Kategori ini memerlukan minimal 3 foto kegiatan; terlampir 1.',
    );
    expect(nominationRefusal(tksk, good, photo(3), now)?.id).toBe(
      'Dokumen wajib belum dilampirkan: SK penugasan.',
    );
    expect(nominationRefusal(tksk, { ...good, aktif_sejak: 2026 }, [...photo(3), sk], now)?.reason).toBe(
      'min_years_active',
    );
    expect(
      nominationRefusal(tksk, { ...good, pernyataan_tanpa_hubungan: undefined }, [...photo(3), sk], now),
    ).toMatchObject({
      reason: 'declaration_missing',
    });
  });

  it('is the worker check too, as a rejection with a stable reason', () => {
    expect(checkEligibility(tksk, { answers: good, attachments: photo(2) }, now)).toMatchObject({
      reason: 'ineligible_min_photos',
      en: 'This category needs at least 3 activity photos; 2 attached.',
    });
    expect(checkEligibility(tksk, { answers: good, attachments: [...photo(3), sk] }, now)).toBeNull();
  });
});

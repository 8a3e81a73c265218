/**
 * The worker checks a nomination against its category's definition again (issue 14 item 3): photo
 * minimum, required document, years active, declarations, and "not a winner in the last N years"
 * from the frozen rankings of earlier seleksi at the same level and region.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubmissionProcessor, type SubmissionProcessor } from '../../src/app/process-submission.ts';
import { categorySettingsOf } from '../../src/domain/definition/category-rules.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { addSubmission, createFixture, type Fixture, nominationPayload } from './queue-fixtures.ts';

const RULES = {
  max_nominees_per_category_per_region: 1,
  eligibility: [
    {
      id: 'masa-aktif',
      kind: 'min_years_active',
      years: 2,
      field: 'aktif_sejak',
      categories: ['TKSK'],
      text: { id: 'Aktif 2 tahun', en: 'Active 2 years' },
    },
    {
      id: 'pernyataan-juri',
      kind: 'declaration',
      categories: ['TKSK'],
      text: { id: 'Tidak berkerabat dengan juri.', en: 'Not related to a juror.' },
    },
    {
      id: 'bukan-juara',
      kind: 'not_recent_winner',
      years: 3,
      rank: 1,
      text: { id: 'Bukan Juara I 3 tahun terakhir', en: 'Not Juara I in 3 years' },
    },
  ],
};

describe('the worker applies the eligibility rules of the definition', () => {
  let db: TestDb;
  let fx: Fixture;
  let processor: SubmissionProcessor;

  beforeAll(async () => {
    db = await createTestDb('eligibility_worker');
    fx = await createFixture(db.prisma);
    await db.prisma.seleksi.update({ where: { id: fx.seleksiId }, data: { rules: RULES } });
    const settings = categorySettingsOf({
      nomination: {
        extra_fields: [],
        min_photos: 2,
        required_documents: [{ key: 'sk_penugasan', label: { id: 'SK penugasan', en: 'Assignment decree' } }],
      },
      criteria: [],
    });
    await db.prisma.category.update({
      where: { id: fx.categoryIds.TKSK },
      data: { settings: JSON.parse(JSON.stringify(settings)) },
    });
    // Last year's provincial seleksi: its TKSK Juara I is a nominee with NIK 6309011203850001.
    const earlier = await db.prisma.seleksi.create({
      data: {
        code: 'KALSEL-2025',
        name: 'Seleksi 2025',
        level: 'PROVINSI',
        regionCode: '63',
        year: 2025,
        phase: 'PUBLISHED',
        categories: { create: [{ code: 'TKSK', nameId: 'TKSK', nameEn: 'TKSK' }] },
      },
      include: { categories: true },
    });
    const winner = await db.prisma.nomination.create({
      data: {
        seleksiId: earlier.id,
        categoryId: earlier.categories[0]!.id,
        regionCode: '63.05',
        number: 'KALSEL-2025-TKSK-001',
        seq: 1,
        nomineeName: 'Juara Lama',
        answers: { nik: '6309011203850001' },
        submittedById: fx.stranger,
      },
    });
    await db.prisma.ranking.create({
      data: {
        seleksiId: earlier.id,
        meta: {},
        digest: 'earlier',
        entries: { create: [{ categoryCode: 'TKSK', nominationId: winner.id, rank: 1, detail: {} }] },
      },
    });
    processor = createSubmissionProcessor({ prisma: db.prisma });
  });

  afterAll(async () => {
    await db?.drop();
  });

  const photo = (n: number) => ({ field: 'foto_kegiatan', kind: 'PHOTO' as const, fileRef: `foto-${n}` });
  const sk = { field: 'sk_penugasan', kind: 'DOCUMENT' as const, fileRef: 'sk' };
  const answers = { aktif_sejak: 2015, pernyataan_pernyataan_juri: 'YA', nik: '6309021507790003' };

  async function submit(region: string, extra: Record<string, unknown>) {
    const id = await addSubmission(db.prisma, fx, fx.officers[region]!, {
      kind: 'NOMINATION',
      payload: nominationPayload(fx, region, { answers, attachments: [photo(1), photo(2), sk], ...extra }),
    });
    return processor.process(id);
  }

  it('refuses too few photos, a missing document, too few years and a declaration not made', async () => {
    expect(await submit('63.09', { attachments: [photo(1), sk] })).toMatchObject({
      status: 'rejected',
      reason: 'ineligible_min_photos',
      messageId: 'Kategori ini memerlukan minimal 2 foto kegiatan; terlampir 1.',
    });
    expect(await submit('63.09', { attachments: [photo(1), photo(2)] })).toMatchObject({
      reason: 'ineligible_document_missing',
      messageId: 'Dokumen wajib belum dilampirkan: SK penugasan.',
    });
    const thisYear = new Date().getUTCFullYear();
    expect(await submit('63.09', { answers: { ...answers, aktif_sejak: thisYear } })).toMatchObject({
      reason: 'ineligible_min_years_active',
      messageId: `Calon harus aktif minimal 2 tahun; tahun ${thisYear} berarti baru 0 tahun.`,
    });
    expect(
      await submit('63.09', { answers: { ...answers, pernyataan_pernyataan_juri: 'TIDAK' } }),
    ).toMatchObject({
      reason: 'ineligible_declaration',
    });
    expect(await db.prisma.nomination.count({ where: { seleksiId: fx.seleksiId } })).toBe(0);
  });

  it("refuses last year's Juara I (same NIK) and writes an eligible nominee", async () => {
    expect(await submit('63.09', { answers: { ...answers, nik: '6309011203850001' } })).toMatchObject({
      status: 'rejected',
      reason: 'ineligible_not_recent_winner',
      messageId:
        'Calon sudah menjadi Juara I pada KALSEL-2025 (2025); syarat: bukan Juara I dalam 3 tahun terakhir.',
    });
    expect(await submit('63.09', {})).toMatchObject({ status: 'written', number: 'KALSEL-2026-TKSK-001' });
  });
});

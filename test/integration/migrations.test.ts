import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../support/db.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb('migrations');
});
afterAll(async () => {
  await db.drop();
});

describe('migrations', () => {
  it('create every table in a private schema', async () => {
    const rows = await db.prisma.$queryRawUnsafe<{ table_name: string }[]>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1',
      db.schema,
    );
    const names = rows.map((r) => r.table_name);
    for (const t of ['region', 'seleksi', 'nomination', 'score', 'submission', 'conversation_session']) {
      expect(names).toContain(t);
    }
  });

  it('enforce one score per juror × nomination × criterion', async () => {
    await db.prisma.region.create({ data: { code: '63', level: 'PROVINCE', name: 'Kalimantan Selatan' } });
    const s = await db.prisma.seleksi.create({
      data: { code: 'T-2026', name: 'T', level: 'PROVINSI', regionCode: '63', year: 2026, tieBreak: [] },
    });
    const c = await db.prisma.category.create({
      data: { seleksiId: s.id, code: 'TKSK', nameId: 'TKSK', nameEn: 'TKSK' },
    });
    const k = await db.prisma.criterion.create({
      data: {
        categoryId: c.id,
        code: 'INOVASI',
        labelId: 'Inovasi',
        labelEn: 'Innovation',
        weight: 100,
        min: 1,
        max: 100,
      },
    });
    const n = await db.prisma.nomination.create({
      data: {
        seleksiId: s.id,
        categoryId: c.id,
        regionCode: '63',
        number: 'T-2026-TKSK-001',
        seq: 1,
        nomineeName: 'A',
        answers: {},
        submittedById: 'p1',
      },
    });
    const sheet = await db.prisma.scoreSheet.create({
      data: { seleksiId: s.id, nominationId: n.id, jurorId: 'j1' },
    });
    const data = { nominationId: sheet.nominationId, jurorId: sheet.jurorId, criterionId: k.id, value: 80 };
    await db.prisma.score.create({ data });
    await expect(db.prisma.score.create({ data })).rejects.toThrow();
  });
});

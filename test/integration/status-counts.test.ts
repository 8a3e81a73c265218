import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSeleksiStatus } from '../../src/app/status.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { seedSmallSeleksi } from '../support/seleksi-fixture.ts';

let db: TestDb;

beforeAll(async () => {
  db = await createTestDb('status_counts');
});
afterAll(async () => {
  await db?.drop();
});

describe('getSeleksiStatus juror counts', () => {
  it('counts only what each juror is expected to score, whatever sheets lie around', async () => {
    const seleksi = await seedSmallSeleksi(db.prisma, { phase: 'SCORING' });
    const seleksiId = seleksi.id;
    const cat = (code: string) => seleksi.categories.find((c) => c.code === code)!.id;
    const person = (name: string) => db.prisma.person.create({ data: { name } });
    const officer = await person('Petugas');
    // Ani: TKSK from Tabalong (63.09), also the officer who nominated n4 and edited n5.
    // Budi: TKSK and PSM, province only (no kabupaten: no automatic conflict).
    const ani = await person('Ani');
    const budi = await person('Budi');
    const juror = (p: { id: string }, regionCode: string | null, categories: string[]) =>
      db.prisma.membership.create({
        data: { personId: p.id, seleksiId, role: 'JUROR', regionCode, categories },
      });
    await juror(ani, '63.09.11', ['TKSK']);
    await juror(budi, '63', ['TKSK', 'PSM']);
    let seq = 0;
    const nominate = (
      category: string,
      regionCode: string,
      more: { submittedById?: string; updatedById?: string; status?: 'WITHDRAWN' } = {},
    ) =>
      db.prisma.nomination.create({
        data: {
          seleksiId,
          categoryId: cat(category),
          regionCode,
          number: `KALSEL-2026-${category}-${++seq}`,
          seq,
          nomineeName: `Calon ${seq}`,
          answers: {},
          submittedById: officer.id,
          ...more,
        },
      });
    const n1 = await nominate('TKSK', '63.09.01'); // Ani's kabupaten (a kecamatan in it): conflict
    const n2 = await nominate('TKSK', '63.03'); // scored by both
    const n3 = await nominate('TKSK', '63.03'); // recused by Ani after scoring it; scored by Budi
    const n4 = await nominate('TKSK', '63.03', { submittedById: ani.id }); // Ani's own
    const n5 = await nominate('TKSK', '63.03', { updatedById: ani.id }); // edited by Ani
    const n6 = await nominate('TKSK', '63.03', { status: 'WITHDRAWN' });
    const n7 = await nominate('PSM', '63.03'); // Budi's PSM, scored; not Ani's category
    await nominate('PSM', '63.09'); // Budi's PSM, still to do
    const sheet = (n: { id: string }, p: { id: string }) =>
      db.prisma.scoreSheet.create({ data: { seleksiId, nominationId: n.id, jurorId: p.id } });
    // Ani's sheets: none of n1, n3 (recused), n4, n5 (own), n6 (withdrawn), n7 (not her category) counts.
    for (const n of [n1, n2, n3, n4, n5, n6, n7]) await sheet(n, ani);
    for (const n of [n1, n2, n3, n6, n7]) await sheet(n, budi);
    await db.prisma.recusal.create({
      data: { seleksiId, nominationId: n3.id, jurorId: ani.id, reason: 'kerabat' },
    });
    // A recusal of her own nomination is no recusal to count: it is a conflict already.
    await db.prisma.recusal.create({
      data: { seleksiId, nominationId: n4.id, jurorId: ani.id, reason: 'sendiri' },
    });

    const status = await getSeleksiStatus(db.prisma, seleksiId);
    const counts = (p: { id: string }) => {
      const j = status.jurors.find((x) => x.personId === p.id)!;
      return { done: j.done, expected: j.expected, recused: j.recused, conflicts: j.conflicts };
    };
    // Ani: TKSK n1–n5 → n1 (kabupaten), n4, n5 (own) conflicts; n3 recused; n2 done of 1 expected.
    expect(counts(ani)).toEqual({ done: 1, expected: 1, recused: 1, conflicts: 3 });
    // Budi: TKSK n1–n5 and PSM n7, n8, no conflict → n1, n2, n3, n7 done of 7 expected.
    expect(counts(budi)).toEqual({ done: 4, expected: 7, recused: 0, conflicts: 0 });
    expect(status.counts.scoreSheets).toEqual({ done: 5, expected: 8 });
    expect(status.counts.nominations).toEqual({ total: 7, byCategory: { TKSK: 5, PSM: 2 } });
  });
});

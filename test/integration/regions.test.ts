import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../support/db.ts';

const run = promisify(execFile);
let db: TestDb;

/** Runs the real CLI against this file's private schema. */
function regionsLoad() {
  return run(process.execPath, ['bin/seleksi.js', 'regions', 'load'], {
    env: { ...process.env, DATABASE_URL: db.url },
  });
}

beforeAll(async () => {
  db = await createTestDb('regions');
});
afterAll(async () => {
  await db?.drop();
});

describe('seleksi regions load', () => {
  it('loads every level of idn-area-data, then a second run changes nothing', {
    timeout: 120_000,
  }, async () => {
    const first = await regionsLoad();
    expect(first.stdout).toContain('91599 inserted, 0 updated, 0 unchanged');
    // Not a terminal here: progress comes as plain lines on stderr.
    expect(first.stderr).toContain('desa/kelurahan: 83762/83762');

    const counts = await db.prisma.region.groupBy({ by: ['level'], _count: { _all: true } });
    expect(Object.fromEntries(counts.map((c) => [c.level, c._count._all]))).toEqual({
      // Indonesia itself (the region of a national seleksi) comes with the migrations.
      COUNTRY: 1,
      PROVINCE: 38,
      REGENCY: 514,
      DISTRICT: 7285,
      VILLAGE: 83762,
    });
    const known = await db.prisma.region.findMany({
      where: { code: { in: ['63.09', '63.09.11', '63.09.06.2008'] } },
      orderBy: { code: 'asc' },
    });
    expect(known.map((r) => [r.code, r.level, r.name, r.parentCode])).toEqual([
      ['63.09', 'REGENCY', 'Kabupaten Tabalong', '63'],
      ['63.09.06.2008', 'VILLAGE', 'Masukau', '63.09.06'],
      ['63.09.11', 'DISTRICT', 'Jaro', '63.09'],
    ]);
    // Quoted CSV fields keep their commas and doubled quotes.
    expect((await db.prisma.region.findUnique({ where: { code: '35.13.15.2017' } }))?.name).toBe('Soka"an');

    const second = await regionsLoad();
    expect(second.stdout).toContain('0 inserted, 0 updated, 91599 unchanged; 0 changed');

    // A row edited by hand is put back, and only that row counts as changed.
    await db.prisma.region.update({ where: { code: '63.09.06.2008' }, data: { name: 'Masukau (typo)' } });
    const third = await regionsLoad();
    expect(third.stdout).toContain('0 inserted, 1 updated, 91598 unchanged; 1 changed');
    expect((await db.prisma.region.findUnique({ where: { code: '63.09.06.2008' } }))?.name).toBe('Masukau');
  });
});

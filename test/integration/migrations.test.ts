import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config/project-root.ts';
import { parseDatabaseUrl, withSchema } from '../../src/db/database-url.ts';
import { migrateDeploy } from '../../src/db/migrate.ts';
import { createTestDb, type TestDb, testDatabaseUrl } from '../support/db.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb('migrations');
});
afterAll(async () => {
  await db.drop();
});

describe('migrations', () => {
  // The other tests apply the SQL files directly; users get them through Prisma (`seleksi migrate`),
  // which splits a file into statements its own way (a `;` inside a comment once broke that).
  it('apply one by one through Prisma migrate deploy, as `seleksi migrate` does', async () => {
    const schema = `migrate_deploy_${process.pid}`;
    const url = withSchema(testDatabaseUrl, schema);
    const admin = new pg.Client({ connectionString: parseDatabaseUrl(url).connectionString });
    await admin.connect();
    try {
      await migrateDeploy(url);
      const dirs = readdirSync(join(projectRoot, 'prisma', 'migrations'), { withFileTypes: true }).filter(
        (d) => d.isDirectory(),
      );
      const applied = await admin.query(
        `SELECT migration_name FROM "${schema}"._prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1`,
      );
      expect(applied.rows.map((r) => r.migration_name)).toEqual(dirs.map((d) => d.name).sort());
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    }
  }, 120_000);

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

/**
 * `npm run bench -- status`: `seleksi status` (getSeleksiStatus, in process) of a seleksi with 5,000
 * nominees per category (5 categories, 25,000 nominations), 10 jurors per category with home
 * kabupaten (conflicts), 250,000 score sheets minus a tenth still to do, and some recusals — beside a
 * plain count of the same score sheets (the database's floor), in the same run. Prints one JSON document.
 * Env: BENCH_PER_CATEGORY (5000), BENCH_JURORS (10 per category), BENCH_ROUNDS (5).
 * Target (issue 10): under 300 ms; aimed at under 150 ms.
 */

import { getSeleksiStatus } from '../src/app/status.ts';
import { createTestDb } from '../test/support/db.ts';
import { seedRankedSeleksi } from '../test/support/ranking-seed.ts';
import { machine, median } from './stats.ts';

const perCategory = Number(process.env.BENCH_PER_CATEGORY ?? 5_000);
const jurors = Number(process.env.BENCH_JURORS ?? 10);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const ms = (v: number) => Number(v.toFixed(1));

const db = await createTestDb('bench_status');
try {
  const seleksi = await seedRankedSeleksi(db.prisma, {
    nominations: perCategory * 5,
    jurorsPerCategory: jurors,
    phase: 'SCORING',
  });
  // Home kabupaten for the jurors (each sees some nominees of their own: conflicts), a tenth of the
  // sheets not yet handed in, and a recusal per 100 nominations.
  await db.prisma.$executeRaw`
    UPDATE membership SET region_code = (11 + abs(hashtext(person_id)) % 38)::text || '.01'
     WHERE seleksi_id = ${seleksi.id} AND role = 'JUROR'`;
  await db.prisma.$executeRaw`
    DELETE FROM score_sheet WHERE seleksi_id = ${seleksi.id} AND abs(hashtext(id)) % 10 = 0`;
  await db.prisma.$executeRaw`
    INSERT INTO recusal (id, seleksi_id, nomination_id, juror_id, reason)
    SELECT 'r' || ss.id, ss.seleksi_id, ss.nomination_id, ss.juror_id, 'kerabat'
      FROM score_sheet ss WHERE ss.seleksi_id = ${seleksi.id} AND abs(hashtext(ss.id)) % 100 = 1`;
  // A running database is vacuumed by autovacuum soon after such a load (its insert and delete
  // thresholds); done here so that it does not start in the middle of the rounds.
  await db.prisma.$executeRaw`VACUUM (ANALYZE) score_sheet, nomination, recusal, membership, category`;

  const floor = async () => {
    const t = performance.now();
    await db.prisma
      .$queryRaw`SELECT juror_id, count(*) FROM score_sheet WHERE seleksi_id = ${seleksi.id} GROUP BY juror_id`;
    return performance.now() - t;
  };
  const status = async () => {
    const t = performance.now();
    const s = await getSeleksiStatus(db.prisma, seleksi.id);
    return { ms: performance.now() - t, s };
  };
  await floor(); // warm-up of both: the same pages in cache
  const first = await status();
  const statusMs: number[] = [];
  const floorMs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    statusMs.push((await status()).ms);
    floorMs.push(await floor());
  }
  const s = first.s;
  const result = median(statusMs);
  process.stdout.write(
    `${JSON.stringify(
      {
        bench: 'status',
        nominations: s.counts.nominations.total,
        jurors: s.jurors.length,
        scoreSheets: s.counts.scoreSheets,
        conflicts: s.jurors.reduce((sum, j) => sum + j.conflicts, 0),
        recused: s.jurors.reduce((sum, j) => sum + j.recused, 0),
        statusMs: ms(result),
        plainSheetCountMs: ms(median(floorMs)),
        target: { underMs: 300, aimMs: 150, met: result < 300 },
        rounds: { status: statusMs.map(ms), plainSheetCount: floorMs.map(ms) },
        ...machine(),
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await db.drop();
}

import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubmissionProcessor, type SubmissionProcessor } from '../../src/app/process-submission.ts';
import { createPgPool } from '../../src/db/client.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import {
  addSubmission,
  createFixture,
  type Fixture,
  nominationPayload,
  scorePayload,
} from './queue-fixtures.ts';

/** A pool whose clients count the statements they send (one round trip each). */
function countingPool(url: string): { pool: pg.Pool; statements: () => number } {
  const pool = createPgPool(url);
  let count = 0;
  pool.on('connect', (client: pg.PoolClient) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      count++;
      return query(...args);
    };
  });
  return { pool, statements: () => count };
}

describe('submission batch writes (pg pool)', () => {
  let db: TestDb;
  let fx: Fixture;
  let counted: ReturnType<typeof countingPool>;
  let processor: SubmissionProcessor;
  const nominees: { id: string; region: string }[] = [];

  beforeAll(async () => {
    db = await createTestDb('process_submission_writes');
    fx = await createFixture(db.prisma);
    counted = countingPool(db.url);
    processor = createSubmissionProcessor({ prisma: db.prisma, pool: counted.pool });
    const regions = ['63.02', '63.03', '63.04', '63.05'];
    const ids = [];
    for (const region of regions) {
      ids.push(
        await addSubmission(db.prisma, fx, fx.officers[region]!, {
          kind: 'NOMINATION',
          payload: nominationPayload(fx, region),
        }),
      );
    }
    const done = await processor.processBatch(ids);
    for (const [i, id] of ids.entries()) {
      const outcome = done.get(id)!.outcome;
      if (outcome.status !== 'written' || outcome.kind !== 'NOMINATION')
        throw new Error('nomination not written');
      nominees.push({ id: outcome.nominationId, region: regions[i]! });
    }
    await db.prisma.seleksi.update({ where: { id: fx.seleksiId }, data: { phase: 'SCORING' } });
  });

  afterAll(async () => {
    await counted?.pool.end();
    await db?.drop();
  });

  const sheetBatch = async (comments: (string | undefined)[]) => {
    const ids: string[] = [];
    for (const [i, n] of nominees.entries()) {
      for (const juror of [fx.jurorTabalong, fx.jurorTanahLaut]) {
        const comment = comments[i];
        ids.push(
          await addSubmission(db.prisma, fx, juror, {
            kind: 'SCORE_SHEET',
            payload: {
              ...scorePayload(fx, n.id, [10 + i, 20, 30]),
              ...(comment === undefined ? {} : { comment }),
            },
          }),
        );
      }
    }
    const before = counted.statements();
    const result = await processor.processBatch(ids);
    return { ids, result, statements: counted.statements() - before };
  };

  it('writes a batch of score sheets in five round trips, new or re-scored, keeping sheet ids', async () => {
    const first = await sheetBatch([]);
    // BEGIN, lock + facts, sheets + scores, decisions + audit, COMMIT.
    expect(first.statements).toBe(5);
    expect([...first.result.values()].every((p) => p.outcome.status === 'written')).toBe(true);
    const sheetIds = await db.prisma.scoreSheet.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
    expect(sheetIds).toHaveLength(nominees.length * 2);

    const again = await sheetBatch(nominees.map(() => 'ulang'));
    expect(again.statements).toBe(5);
    const after = await db.prisma.scoreSheet.findMany({ orderBy: { id: 'asc' } });
    expect(after.map((s) => s.id)).toEqual(sheetIds.map((s) => s.id));
    expect(after.every((s) => s.comment === 'ulang')).toBe(true);
    for (const [i, id] of again.ids.entries()) {
      const outcome = again.result.get(id)!.outcome;
      expect(outcome.status === 'written' && outcome.kind === 'SCORE_SHEET' && outcome.sheetId).toBe(
        first.result.get(first.ids[i]!)!.outcome.status === 'written' &&
          (first.result.get(first.ids[i]!)!.outcome as { sheetId: string }).sheetId,
      );
    }
  });

  it('stores text as the user sent it: quotes, backslashes, braces, dollar quotes and the word NULL', async () => {
    const comments = ['NULL', 'a "b" \\ {c,d}', 'ends in $q$', "it's $1"];
    await sheetBatch(comments);
    const stored = await db.prisma.scoreSheet.findMany({
      where: { jurorId: fx.jurorTabalong },
      select: { nominationId: true, comment: true },
    });
    const byNominee = new Map(stored.map((s) => [s.nominationId, s.comment]));
    expect(nominees.map((n) => byNominee.get(n.id))).toEqual(comments);
  });
});

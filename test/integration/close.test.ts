/**
 * `close` against the queue: a score sheet still in the queue when the close is asked for is not
 * "missing"; the close waits for the sheets confirmed before it, refuses to rank while one is still
 * queued (no worker), and counts it once written; a sheet confirmed after the close is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSeleksi, MissingScoresError } from '../../src/app/close.ts';
import { changePhase } from '../../src/app/phase.ts';
import { createSubmissionProcessor } from '../../src/app/process-submission.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import {
  addSubmission,
  createFixture,
  type Fixture,
  nominationPayload,
  scorePayload,
} from './queue-fixtures.ts';

describe('close with score sheets in the queue', () => {
  let db: TestDb;
  let fx: Fixture;
  const numbers: Record<string, { id: string; number: string }> = {};
  beforeAll(async () => {
    db = await createTestDb('close_queue');
    fx = await createFixture(db.prisma);
  });
  afterAll(() => db.drop());

  it('lists what is missing per juror, not what is in flight, and changes nothing', async () => {
    const processor = createSubmissionProcessor({ prisma: db.prisma });
    for (const region of ['63.02', '63.03']) {
      const s = await addSubmission(db.prisma, fx, fx.officers[region]!, {
        kind: 'NOMINATION',
        payload: nominationPayload(fx, region),
      });
      const r = await processor.process(s);
      numbers[region] = {
        id: (r as { nominationId: string }).nominationId,
        number: (r as { number: string }).number,
      };
    }
    await changePhase(db.prisma, fx.seleksiId, 'SCORING');
    const sheet = (person: string, region: string, values?: number[]) =>
      addSubmission(db.prisma, fx, person, {
        kind: 'SCORE_SHEET',
        payload: scorePayload(fx, numbers[region]!.id, values),
      });
    await processor.process(await sheet(fx.jurorTabalong, '63.02', [80, 70, 90]));
    await processor.process(await sheet(fx.jurorTanahLaut, '63.02', [60, 60, 60]));
    // Tabalong's sheet for 63.03 is confirmed but not processed: in flight. Tanah Laut has not scored it.
    await sheet(fx.jurorTabalong, '63.03', [90, 90, 90]);

    const refused = await closeSeleksi(db.prisma, fx.seleksiId).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MissingScoresError);
    expect((refused as MissingScoresError).missing.map((m) => [m.name, m.numbers])).toEqual([
      ['Juri Tanah Laut', [numbers['63.03']!.number]],
    ]);
    expect((await db.prisma.seleksi.findUniqueOrThrow({ where: { id: fx.seleksiId } })).phase).toBe(
      'SCORING',
    );
    // Tanah Laut recuses from 63.03: nothing is missing any more.
    await processor.process(
      await addSubmission(db.prisma, fx, fx.jurorTanahLaut, {
        kind: 'RECUSAL',
        payload: { seleksiId: fx.seleksiId, nominationId: numbers['63.03']!.id, reason: 'Kerabat' },
      }),
    );
  });

  it('closes, waits for the sheet confirmed before, and does not rank while it is still queued', async () => {
    const waited: number[] = [];
    const error = await closeSeleksi(db.prisma, fx.seleksiId, {
      waitMs: 300,
      onWait: (n) => waited.push(n),
    }).catch((e: unknown) => e as Error);
    expect((error as Error).message).toContain(
      '1 lembar nilai yang dikonfirmasi sebelum penutupan masih di antrean',
    );
    expect(waited[0]).toBe(1);
    expect((await db.prisma.seleksi.findUniqueOrThrow({ where: { id: fx.seleksiId } })).phase).toBe('CLOSED');
    expect(await db.prisma.ranking.count()).toBe(0);
  });

  it('counts that sheet once the worker writes it, refuses one confirmed after the close, same digest twice', async () => {
    const processor = createSubmissionProcessor({ prisma: db.prisma });
    const late = await addSubmission(db.prisma, fx, fx.jurorTabalong, {
      kind: 'SCORE_SHEET',
      payload: scorePayload(fx, numbers['63.02']!.id, [10, 10, 10]),
    });
    const pending = await db.prisma.submission.findMany({
      where: { status: 'PENDING' },
      orderBy: { createdAt: 'asc' },
    });
    expect(await processor.process(pending[0]!.id)).toMatchObject({ status: 'written', kind: 'SCORE_SHEET' });
    expect(await processor.process(late)).toMatchObject({ status: 'rejected', reason: 'wrong_phase' });

    const first = await closeSeleksi(db.prisma, fx.seleksiId);
    expect(first).toMatchObject({ created: true, phaseChanged: false });
    const entries = await db.prisma.rankingEntry.findMany({ orderBy: { rank: 'asc' } });
    // 63.03: Tabalong's in-flight 90/90/90 → (89/99)·100 = 89.899; 63.02: (8000/99 + 5900/99) / 2.
    expect(entries.map((e) => [e.rank, e.finalScore, (e.detail as { jurors: number }).jurors])).toEqual([
      [1, 89.899, 1],
      [2, 70.202, 2],
    ]);
    const again = await closeSeleksi(db.prisma, fx.seleksiId);
    expect(again).toMatchObject({ created: false, digest: first.digest });
  });
});

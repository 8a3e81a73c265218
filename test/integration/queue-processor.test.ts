import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubmissionProcessor, type SubmissionProcessor } from '../../src/app/process-submission.ts';
import { createPgPool } from '../../src/db/client.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import {
  addSubmission,
  CRITERIA,
  createFixture,
  type Fixture,
  KABUPATEN,
  nominationPayload,
  scorePayload,
} from './queue-fixtures.ts';

// The worker runs the processor on a node-postgres pool; in-process sinks run it through Prisma.
describe.each(['prisma', 'pool'] as const)('submission processor (%s transactions)', (mode) => {
  let db: TestDb;
  let fx: Fixture;
  let pool: pg.Pool | undefined;
  let processor: SubmissionProcessor;

  beforeAll(async () => {
    db = await createTestDb(`queue_processor_${mode}`);
    fx = await createFixture(db.prisma);
    pool = mode === 'pool' ? createPgPool(db.url) : undefined;
    processor = createSubmissionProcessor({ prisma: db.prisma, pool });
  });

  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  const setPhase = (phase: 'NOMINATION' | 'SCORING' | 'CLOSED') =>
    db.prisma.seleksi.update({ where: { id: fx.seleksiId }, data: { phase } });

  let tabalongNomination = '';

  it('writes a nomination with its number and attachments, and marks the submission DONE', async () => {
    const id = await addSubmission(db.prisma, fx, fx.officers['63.09']!, {
      kind: 'NOMINATION',
      payload: nominationPayload(fx, '63.09'),
    });
    const outcome = await processor.process(id);
    expect(outcome).toMatchObject({ status: 'written', kind: 'NOMINATION', number: 'KALSEL-2026-TKSK-001' });
    const row = await db.prisma.submission.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe('DONE');
    expect(row.resultRef).toBe('KALSEL-2026-TKSK-001');
    expect(row.processedAt).not.toBeNull();
    const nomination = await db.prisma.nomination.findUniqueOrThrow({
      where: { number: 'KALSEL-2026-TKSK-001' },
      include: { attachments: true },
    });
    expect(nomination.nomineeName).toBe('Calon 63.09');
    expect(nomination.attachments.map((a) => a.fileRef)).toEqual(['file-63.09']);
    expect(await db.prisma.auditEvent.count({ where: { action: 'nomination.created' } })).toBe(1);
    tabalongNomination = nomination.id;
  });

  it('returns the stored outcome when the same submission is processed again, writing nothing', async () => {
    const id = await addSubmission(db.prisma, fx, fx.officers['63.02']!, {
      kind: 'NOMINATION',
      payload: nominationPayload(fx, '63.02'),
    });
    const first = await processor.process(id);
    const again = await processor.process(id);
    const both = await Promise.all([processor.process(id), processor.process(id)]);
    expect(again).toEqual(first);
    expect(both).toEqual([first, first]);
    expect(await db.prisma.nomination.count({ where: { regionCode: '63.02' } })).toBe(1);
    expect(
      await db.prisma.auditEvent.count({ where: { data: { path: ['submissionId'], equals: id } } }),
    ).toBe(1);
  });

  it('refuses an officer nominating for another kabupaten', async () => {
    const id = await addSubmission(db.prisma, fx, fx.officers['63.09']!, {
      kind: 'NOMINATION',
      payload: nominationPayload(fx, '63.03', { categoryCode: 'PSM' }),
    });
    const outcome = await processor.process(id);
    expect(outcome).toMatchObject({ status: 'rejected', reason: 'not_own_region' });
    const row = await db.prisma.submission.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe('FAILED');
    expect(row.error).toContain('not_own_region');
    expect(await db.prisma.nomination.count({ where: { regionCode: '63.03' } })).toBe(0);
  });

  it('refuses a second nominee of the same category and kabupaten, but accepts an edit of the first', async () => {
    const second = await addSubmission(db.prisma, fx, fx.officers['63.09']!, {
      kind: 'NOMINATION',
      payload: nominationPayload(fx, '63.09', { nomineeName: 'Calon Kedua' }),
    });
    expect(await processor.process(second)).toMatchObject({
      status: 'rejected',
      reason: 'region_quota_reached',
    });

    const edit = await addSubmission(db.prisma, fx, fx.officers['63.09']!, {
      kind: 'NOMINATION',
      payload: nominationPayload(fx, '63.09', {
        nomineeName: 'Calon Diperbaiki',
        nominationId: tabalongNomination,
        attachments: [{ field: 'foto', kind: 'PHOTO', fileRef: 'file-new' }],
      }),
    });
    expect(await processor.process(edit)).toEqual({
      status: 'written',
      kind: 'NOMINATION',
      number: 'KALSEL-2026-TKSK-001',
      nominationId: tabalongNomination,
      updated: true,
    });
    const n = await db.prisma.nomination.findUniqueOrThrow({
      where: { id: tabalongNomination },
      include: { attachments: true },
    });
    expect(n.nomineeName).toBe('Calon Diperbaiki');
    expect(n.revision).toBe(2);
    expect(n.attachments.map((a) => a.fileRef)).toEqual(['file-new']);
    // The other category of the same kabupaten is still open.
    const psm = await addSubmission(db.prisma, fx, fx.officers['63.09']!, {
      kind: 'NOMINATION',
      payload: nominationPayload(fx, '63.09', { categoryCode: 'PSM' }),
    });
    expect(await processor.process(psm)).toMatchObject({ status: 'written', number: 'KALSEL-2026-PSM-001' });
  });

  it('refuses invalid payloads and people without the role', async () => {
    const bad = await addSubmission(db.prisma, fx, fx.officers['63.04']!, {
      kind: 'NOMINATION',
      payload: { seleksiId: fx.seleksiId, categoryCode: 'TKSK' },
    });
    expect(await processor.process(bad)).toMatchObject({ status: 'rejected', reason: 'invalid_payload' });
    expect((await db.prisma.submission.findUniqueOrThrow({ where: { id: bad } })).status).toBe('FAILED');

    const stranger = await addSubmission(db.prisma, fx, fx.stranger, {
      kind: 'NOMINATION',
      payload: nominationPayload(fx, '63.04'),
    });
    expect(await processor.process(stranger)).toMatchObject({ status: 'rejected', reason: 'not_allowed' });
  });

  it("stores refusals quoting the user's text (quotes, backslashes, dollar quotes) unchanged", async () => {
    const code = `X'"\\$q$ $1 {a,"b"}`;
    const id = await addSubmission(db.prisma, fx, fx.officers['63.04']!, {
      kind: 'NOMINATION',
      payload: nominationPayload(fx, '63.04', { categoryCode: code }),
    });
    const outcome = await processor.process(id);
    expect(outcome).toMatchObject({ status: 'rejected', reason: 'unknown_category' });
    const row = await db.prisma.submission.findUniqueOrThrow({ where: { id } });
    expect(row.outcome).toEqual(outcome);
    expect(row.error).toBe(`unknown_category: Category ${code} is not part of this seleksi.`);
    const event = await db.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'submission.rejected', data: { path: ['submissionId'], equals: id } },
    });
    expect(event.data).toEqual({ submissionId: id, kind: 'NOMINATION', reason: 'unknown_category' });
  });

  it('records confirmations once (a second record keeps the first time); odd ids match nothing', async () => {
    const refused = async () => {
      const id = await addSubmission(db.prisma, fx, fx.officers['63.04']!, {
        kind: 'NOMINATION',
        payload: { seleksiId: fx.seleksiId },
      });
      await processor.process(id);
      return id;
    };
    const confirmedAt = async (id: string) =>
      (await db.prisma.submission.findUniqueOrThrow({ where: { id } })).confirmedAt;
    const [recorded, told] = [await refused(), await refused()];
    await processor.markConfirmed([recorded]);
    const first = await confirmedAt(recorded);
    expect(first).not.toBeNull();
    expect(await confirmedAt(told)).toBeNull();
    await new Promise((r) => setTimeout(r, 5));
    // Bound as parameters: odd ids are plain values that match nothing.
    const odd = [`it's "odd" \\ $q$ $1 {a,b}`, '$q1$', ''];
    await processor.markConfirmed([recorded, told, ...odd]);
    expect(await confirmedAt(recorded)).toEqual(first);
    expect(await confirmedAt(told)).not.toBeNull();
    const result = await processor.processBatch([told]);
    expect(result.get(told)).toMatchObject({ fresh: false, confirmed: true });
  });

  it('numbers concurrent nominations 001, 002, … without gaps or duplicates', async () => {
    const regions = KABUPATEN.filter((k) => !['63.09', '63.02'].includes(k));
    const ids: string[] = [];
    for (const region of regions) {
      ids.push(
        await addSubmission(db.prisma, fx, fx.officers[region]!, {
          kind: 'NOMINATION',
          payload: nominationPayload(fx, region, { categoryCode: 'TKSK', nomineeName: `Paralel ${region}` }),
        }),
      );
    }
    // Separate processors and transactions, all at once (as several workers would).
    const processors = [0, 1, 2].map(() => createSubmissionProcessor({ prisma: db.prisma, pool }));
    const outcomes = await Promise.all(ids.map((id, i) => processors[i % 3]!.process(id)));
    const numbers = outcomes.map((o) =>
      o.status === 'written' && o.kind === 'NOMINATION' ? o.number : o.status,
    );
    const all = await db.prisma.nomination.findMany({
      where: { categoryId: fx.categoryIds.TKSK },
      orderBy: { seq: 'asc' },
    });
    expect(new Set(numbers).size).toBe(regions.length);
    expect(all.map((n) => n.number)).toEqual(
      Array.from({ length: all.length }, (_, i) => `KALSEL-2026-TKSK-${String(i + 1).padStart(3, '0')}`),
    );
    expect(all.length).toBe(regions.length + 2);
  });

  it('refuses scores and nominations outside their phase', async () => {
    const nominee = await db.prisma.nomination.findUniqueOrThrow({
      where: { number: 'KALSEL-2026-TKSK-002' },
    });
    const early = await addSubmission(db.prisma, fx, fx.jurorTabalong, {
      kind: 'SCORE_SHEET',
      payload: scorePayload(fx, nominee.id),
    });
    expect(await processor.process(early)).toMatchObject({ status: 'rejected', reason: 'wrong_phase' });
    await setPhase('SCORING');
    const late = await addSubmission(db.prisma, fx, fx.officers['63.05']!, {
      kind: 'NOMINATION',
      payload: nominationPayload(fx, '63.05', { categoryCode: 'PSM' }),
    });
    const outcome = await processor.process(late);
    expect(outcome).toMatchObject({ status: 'rejected', reason: 'wrong_phase' });
    expect(outcome.status === 'rejected' && outcome.messageId).toContain('sudah ditutup');
  });

  it('writes a score sheet, replaces it on re-scoring, and refuses out-of-range or incomplete sheets', async () => {
    const nominee = await db.prisma.nomination.findFirstOrThrow({ where: { regionCode: '63.02' } });
    const first = await addSubmission(db.prisma, fx, fx.jurorTabalong, {
      kind: 'SCORE_SHEET',
      payload: scorePayload(fx, nominee.id, [80, 70, 90]),
    });
    const outcome = await processor.process(first);
    expect(outcome).toMatchObject({
      status: 'written',
      kind: 'SCORE_SHEET',
      nominationNumber: nominee.number,
    });
    const rescore = await addSubmission(db.prisma, fx, fx.jurorTabalong, {
      kind: 'SCORE_SHEET',
      payload: { ...scorePayload(fx, nominee.id, [60, 61, 62]), comment: 'revisi' },
    });
    const second = await processor.process(rescore);
    expect(second.status === 'written' && second.kind === 'SCORE_SHEET' && second.sheetId).toBe(
      outcome.status === 'written' && outcome.kind === 'SCORE_SHEET' && outcome.sheetId,
    );
    const scores = await db.prisma.score.findMany({
      where: { nominationId: nominee.id, jurorId: fx.jurorTabalong },
      include: { criterion: true },
      orderBy: { criterion: { position: 'asc' } },
    });
    expect(scores.map((s) => [s.criterion.code, s.value])).toEqual(CRITERIA.map((c, i) => [c.code, 60 + i]));
    expect(await db.prisma.scoreSheet.count({ where: { nominationId: nominee.id } })).toBe(1);

    const tooHigh = await addSubmission(db.prisma, fx, fx.jurorTanahLaut, {
      kind: 'SCORE_SHEET',
      payload: scorePayload(fx, nominee.id, [80, 101, 90]),
    });
    const high = await processor.process(tooHigh);
    expect(high).toMatchObject({ status: 'rejected', reason: 'score_out_of_range' });
    expect(high.status === 'rejected' && high.messageEn).toContain('KERJASAMA');
    const incomplete = await addSubmission(db.prisma, fx, fx.jurorTanahLaut, {
      kind: 'SCORE_SHEET',
      payload: {
        seleksiId: fx.seleksiId,
        nominationId: nominee.id,
        scores: [{ criterionCode: 'INOVASI', value: 5 }],
      },
    });
    expect(await processor.process(incomplete)).toMatchObject({
      status: 'rejected',
      reason: 'criteria_missing',
    });
    expect(await db.prisma.scoreSheet.count({ where: { jurorId: fx.jurorTanahLaut } })).toBe(0);
  });

  it('refuses a juror scoring a nominee of their own kabupaten or an unassigned category', async () => {
    const own = await db.prisma.nomination.findFirstOrThrow({
      where: { regionCode: '63.09', categoryId: fx.categoryIds.TKSK },
    });
    const id = await addSubmission(db.prisma, fx, fx.jurorTabalong, {
      kind: 'SCORE_SHEET',
      payload: scorePayload(fx, own.id),
    });
    expect(await processor.process(id)).toMatchObject({ status: 'rejected', reason: 'conflict_of_interest' });

    const psm = await db.prisma.nomination.findFirstOrThrow({ where: { categoryId: fx.categoryIds.PSM } });
    const other = await addSubmission(db.prisma, fx, fx.jurorTanahLaut, {
      kind: 'SCORE_SHEET',
      payload: scorePayload(fx, psm.id),
    });
    expect(await processor.process(other)).toMatchObject({
      status: 'rejected',
      reason: 'category_not_assigned',
    });
  });

  it('records a recusal once (upsert) and then refuses scores for that nominee', async () => {
    const nominee = await db.prisma.nomination.findFirstOrThrow({ where: { regionCode: '63.03' } });
    const ids = [] as string[];
    for (const reason of ['Kerabat dekat', 'Kerabat dekat (sepupu)']) {
      ids.push(
        await addSubmission(db.prisma, fx, fx.jurorTanahLaut, {
          kind: 'RECUSAL',
          payload: { seleksiId: fx.seleksiId, nominationId: nominee.id, reason },
        }),
      );
    }
    const [a, b] = [await processor.process(ids[0]!), await processor.process(ids[1]!)];
    expect(a).toMatchObject({ status: 'written', kind: 'RECUSAL', nominationNumber: nominee.number });
    expect(b).toEqual(a);
    const recusals = await db.prisma.recusal.findMany({ where: { nominationId: nominee.id } });
    expect(recusals.map((r) => r.reason)).toEqual(['Kerabat dekat (sepupu)']);
    const score = await addSubmission(db.prisma, fx, fx.jurorTanahLaut, {
      kind: 'SCORE_SHEET',
      payload: scorePayload(fx, nominee.id),
    });
    expect(await processor.process(score)).toMatchObject({ status: 'rejected', reason: 'recused' });
  });

  it('handles a batch mixing kinds, duplicates and unknown ids in one transaction', async () => {
    const nominees = await db.prisma.nomination.findMany({
      where: { categoryId: fx.categoryIds.TKSK, regionCode: { in: ['63.04', '63.05', '63.06'] } },
    });
    const ids: string[] = [];
    for (const n of nominees) {
      ids.push(
        await addSubmission(db.prisma, fx, fx.jurorTanahLaut, {
          kind: 'SCORE_SHEET',
          payload: scorePayload(fx, n.id),
        }),
      );
    }
    // The same sheet twice in one batch: the later one wins, both are written.
    ids.push(
      await addSubmission(db.prisma, fx, fx.jurorTanahLaut, {
        kind: 'SCORE_SHEET',
        payload: scorePayload(fx, nominees[0]!.id, [11, 12, 13]),
      }),
    );
    const result = await processor.processBatch([...ids, ids[0]!, 'no-such-submission']);
    expect(result.size).toBe(ids.length);
    expect([...result.values()].every((r) => r.fresh && r.outcome.status === 'written')).toBe(true);
    const values = await db.prisma.score.findMany({
      where: { nominationId: nominees[0]!.id, jurorId: fx.jurorTanahLaut },
      select: { value: true },
    });
    expect(values.map((v) => v.value).sort()).toEqual([11, 12, 13]);
    expect(await db.prisma.scoreSheet.count({ where: { jurorId: fx.jurorTanahLaut } })).toBe(3);
    await expect(processor.process('no-such-submission')).rejects.toThrow(/does not exist/);
  });
});

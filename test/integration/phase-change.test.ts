import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboundHandler } from '../../src/app/handle-inbound.ts';
import { changePhase, waitForSubmissionsBefore } from '../../src/app/phase.ts';
import { createSubmissionProcessor } from '../../src/app/process-submission.ts';
import { createRegionCache, type RegionCache } from '../../src/app/region-cache.ts';
import { createPgPool } from '../../src/db/client.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { createFakeEngine } from '../support/fake-engine.ts';
import { createInvite, seedSmallSeleksi } from '../support/seleksi-fixture.ts';
import {
  addSubmission,
  createFixture,
  type Fixture,
  nominationPayload,
  scorePayload,
} from './queue-fixtures.ts';

/**
 * A submission is judged by the phase in force when its user confirmed it: a phase change refuses
 * nothing already acknowledged, and a message whose phase moved while it was being handled is
 * handled again with the new phase instead of being acknowledged.
 */

describe('the worker judges a submission by the phase its user confirmed it in', () => {
  let db: TestDb;
  let fx: Fixture;
  beforeAll(async () => {
    db = await createTestDb('phase_change_worker');
    fx = await createFixture(db.prisma);
  });
  afterAll(() => db.drop());

  it('writes a nomination confirmed before scoring opened, refuses one confirmed after', async () => {
    const processor = createSubmissionProcessor({ prisma: db.prisma });
    const before = await addSubmission(db.prisma, fx, fx.officers['63.01']!, {
      kind: 'NOMINATION',
      payload: nominationPayload(fx, '63.01'),
    });
    const change = await changePhase(db.prisma, fx.seleksiId, 'SCORING');
    expect(change).toMatchObject({ from: 'NOMINATION', to: 'SCORING' });
    const progress: number[] = [];
    expect(
      await waitForSubmissionsBefore(db.prisma, change, {
        timeoutMs: 0,
        onProgress: (n) => progress.push(n),
      }),
    ).toBe(1);
    expect(progress).toEqual([1]);

    const after = await addSubmission(db.prisma, fx, fx.officers['63.02']!, {
      kind: 'NOMINATION',
      payload: nominationPayload(fx, '63.02'),
    });
    expect(await processor.process(before)).toMatchObject({ status: 'written', kind: 'NOMINATION' });
    expect(await processor.process(after)).toMatchObject({ status: 'rejected', reason: 'wrong_phase' });
    // The one confirmed after the change does not count as waiting for it.
    expect(await waitForSubmissionsBefore(db.prisma, change, { timeoutMs: 0 })).toBe(0);
  });

  it('counts a score sheet confirmed before closing, refuses one confirmed after', async () => {
    const processor = createSubmissionProcessor({ prisma: db.prisma });
    const nomination = await db.prisma.nomination.findFirstOrThrow({ where: { seleksiId: fx.seleksiId } });
    // Nominated from 63.01: the Tanah Laut juror (home 63.01) has a conflict, the Tabalong one not.
    const sheet = await addSubmission(db.prisma, fx, fx.jurorTabalong, {
      kind: 'SCORE_SHEET',
      payload: scorePayload(fx, nomination.id),
    });
    await changePhase(db.prisma, fx.seleksiId, 'CLOSED');
    const late = await addSubmission(db.prisma, fx, fx.jurorTabalong, {
      kind: 'SCORE_SHEET',
      payload: scorePayload(fx, nomination.id),
    });
    expect(await processor.process(sheet)).toMatchObject({ status: 'written', kind: 'SCORE_SHEET' });
    expect(await processor.process(late)).toMatchObject({ status: 'rejected', reason: 'wrong_phase' });
    const events = await db.prisma.phaseEvent.findMany({
      where: { seleksiId: fx.seleksiId },
      orderBy: { at: 'asc' },
    });
    expect(events.map((e) => `${e.fromPhase}→${e.toPhase}`)).toEqual([
      'NOMINATION→SCORING',
      'SCORING→CLOSED',
    ]);
  });

  it('refuses a move that skips a phase, and a second identical move', async () => {
    await expect(changePhase(db.prisma, fx.seleksiId, 'CLOSED')).rejects.toThrow(/wrong phase: closed/);
    await expect(changePhase(db.prisma, fx.seleksiId, 'NOMINATION')).rejects.toThrow(/wrong phase/);
  });
});

// The inbound write refuses a submission whose seleksi changed phase after the chat was read.
describe.each(['prisma', 'pool'] as const)('a phase change while a confirmation is handled (%s)', (mode) => {
  let db: TestDb;
  let pool: pg.Pool | undefined;
  let seleksiId: string;
  beforeAll(async () => {
    db = await createTestDb(`phase_change_inbound_${mode}`);
    seleksiId = (await seedSmallSeleksi(db.prisma)).id;
    pool = mode === 'pool' ? createPgPool(db.url, 4) : undefined;
  });
  afterAll(async () => {
    await pool?.end();
    await db.drop();
  });

  it('handles the message again with the new phase: refused in the chat, never "sedang diproses"', async () => {
    const base = createRegionCache();
    let meanwhile: (() => Promise<unknown>) | null = null;
    const regions: RegionCache = {
      ...base,
      async name(d, code) {
        const run = meanwhile;
        meanwhile = null;
        await run?.();
        return base.name(d, code);
      },
    };
    const enqueued: string[] = [];
    const handler = createInboundHandler({
      prisma: db.prisma,
      engine: createFakeEngine(),
      sink: { enqueue: async (id) => void enqueued.push(id) },
      regions,
      retry: { initialDelayMs: 10, maxDelayMs: 20 },
      ...(pool ? { pool } : {}),
    });
    let seq = 0;
    const say = async (text: string) =>
      (
        await handler.handle({
          channel: 'console',
          chatId: 'rina',
          messageId: `m${++seq}`,
          receivedAt: new Date(),
          content: { type: 'text', text },
        })
      ).map((r) => r.text);
    await createInvite(db.prisma, seleksiId, { code: 'OFF-PHASE', role: 'OFFICER', regionCode: '63.09' });
    await say('DAFTAR OFF-PHASE');
    await say('nominasi');
    await say('Rina');
    let moved = false;
    meanwhile = async () => {
      await changePhase(db.prisma, seleksiId, 'SCORING');
      moved = true;
    };
    const replies = await say('kirim');
    expect(moved).toBe(true);
    expect(replies.join('\n')).not.toMatch(/Sedang diproses/i);
    expect(replies.join('\n')).toMatch(/ditutup|tahap/i);
    expect(await db.prisma.submission.count({ where: { externalId: 'rina' } })).toBe(0);
    expect(enqueued).toEqual([]);
  });
});

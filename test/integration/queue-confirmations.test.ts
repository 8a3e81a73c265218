/**
 * When the worker records that a user was told (confirmed_at): in the next batch's transaction, on
 * its own when nothing else runs, and what a crash before that record means (told again on a
 * re-run: at least once, never lost).
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSubmissionProcessor,
  type ProcessedSubmission,
  type SubmissionProcessor,
} from '../../src/app/process-submission.ts';
import { createPgPool } from '../../src/db/client.ts';
import { createSubmissionBatcher } from '../../src/queue/submission-batcher.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import {
  addSubmission,
  createFixture,
  type Fixture,
  nominationPayload,
  recordingNotifier,
} from './queue-fixtures.ts';

let db: TestDb;
let fx: Fixture;
let pool: pg.Pool;
let real: SubmissionProcessor;

beforeAll(async () => {
  db = await createTestDb('queue_confirmations');
  fx = await createFixture(db.prisma);
  pool = createPgPool(db.url);
  real = createSubmissionProcessor({ prisma: db.prisma, pool });
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

/** The real processor, recording how it was called; `failNext` makes the next processBatch throw. */
function spyProcessor(inner: SubmissionProcessor) {
  const calls: { batch: string[]; confirmed: string[] }[] = [];
  const marked: string[][] = [];
  const spy = {
    calls,
    marked,
    failNext: false,
    /** Set to drop markConfirmed calls, as if the process died before they ran. */
    dropMarks: false,
    processor: {
      process: (id: string) => inner.process(id),
      async processBatch(ids: readonly string[], options?: { confirmed?: readonly string[] }) {
        calls.push({ batch: [...ids], confirmed: [...(options?.confirmed ?? [])] });
        if (spy.failNext) {
          spy.failNext = false;
          throw new Error('connection lost');
        }
        return inner.processBatch(ids, options);
      },
      async markConfirmed(ids: readonly string[]) {
        marked.push([...ids]);
        if (!spy.dropMarks) await inner.markConfirmed(ids);
      },
    } satisfies SubmissionProcessor,
  };
  return spy;
}

const nomination = (region: string) =>
  addSubmission(db.prisma, fx, fx.officers[region]!, {
    kind: 'NOMINATION',
    payload: nominationPayload(fx, region),
  });

const confirmedAt = async (id: string) =>
  (await db.prisma.submission.findUniqueOrThrow({ where: { id } })).confirmedAt;

describe('confirmation records', () => {
  it("are written in the next batch's transaction, and on their own once nothing else runs", async () => {
    const [a, b] = [await nomination('63.01'), await nomination('63.02')];
    const spy = spyProcessor(real);
    const notifier = recordingNotifier();
    const batcher = createSubmissionBatcher({
      processor: spy.processor,
      notifier,
      maxBatch: 1,
      maxInFlight: 1,
    });
    const results = await Promise.all([batcher.submit(a), batcher.submit(b)]);
    expect(results.map((r: ProcessedSubmission) => r.outcome.status)).toEqual(['written', 'written']);
    await batcher.flush();
    // a was told after its batch; b's batch was waiting, so it carried a's record.
    expect(spy.calls).toEqual([
      { batch: [a], confirmed: [] },
      { batch: [b], confirmed: [a] },
    ]);
    // Nothing after b: its record went on its own.
    expect(spy.marked).toEqual([[b]]);
    expect(await confirmedAt(a)).not.toBeNull();
    expect(await confirmedAt(b)).not.toBeNull();
    expect(notifier.sent).toHaveLength(2);
  });

  it('carried by a batch that fails are written on their own, not lost', async () => {
    const [a, b] = [await nomination('63.03'), await nomination('63.04')];
    const spy = spyProcessor(real);
    const batcher = createSubmissionBatcher({
      processor: spy.processor,
      notifier: recordingNotifier(),
      maxBatch: 1,
      maxInFlight: 1,
    });
    const first = batcher.submit(a);
    const second = batcher.submit(b);
    spy.failNext = false;
    await first;
    spy.failNext = true; // b's batch, which carries a's record, fails
    await expect(second).rejects.toThrow('connection lost');
    await batcher.flush();
    expect(spy.calls.at(-1)).toEqual({ batch: [b], confirmed: [a] });
    expect(spy.marked).toEqual([[a]]);
    expect(await confirmedAt(a)).not.toBeNull();
    expect(await confirmedAt(b)).toBeNull();
    expect((await db.prisma.submission.findUniqueOrThrow({ where: { id: b } })).status).toBe('PENDING');
  });

  it('lost in a crash after the user was told: a re-run tells the user again and writes nothing twice', async () => {
    const id = await nomination('63.05');
    const crashed = spyProcessor(real);
    crashed.dropMarks = true; // the process dies before the record is written
    const before = recordingNotifier();
    await createSubmissionBatcher({ processor: crashed.processor, notifier: before }).submit(id);
    expect(before.sent).toHaveLength(1);
    expect(await confirmedAt(id)).toBeNull();

    // The job runs again (stalled, or added again): the row is DONE but unconfirmed.
    const after = recordingNotifier();
    const restarted = createSubmissionBatcher({ processor: real, notifier: after });
    const again = await restarted.submit(id);
    await restarted.flush();
    expect(again.fresh).toBe(false);
    expect(after.sent.map((m) => m.text)).toEqual(before.sent.map((m) => m.text));
    expect(await confirmedAt(id)).not.toBeNull();
    const row = await db.prisma.submission.findUniqueOrThrow({ where: { id } });
    expect(row.attempts).toBe(1);
    expect(await db.prisma.nomination.count({ where: { regionCode: '63.05' } })).toBe(1);

    // Recorded now: a further re-run tells nobody.
    const quiet = recordingNotifier();
    await createSubmissionBatcher({ processor: real, notifier: quiet }).submit(id);
    expect(quiet.sent).toEqual([]);
  });
});

/**
 * How the worker tells users and records it (confirmed_at): one message at a time, each recorded
 * before the next is sent, so a crash at any moment repeats at most one confirmation and loses none.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubmissionProcessor, type SubmissionProcessor } from '../../src/app/process-submission.ts';
import type { ChatAddress, OutboundMessage } from '../../src/core/messages.ts';
import { createPgPool } from '../../src/db/client.ts';
import { createSubmissionBatcher } from '../../src/queue/submission-batcher.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import {
  addSubmission,
  createFixture,
  type Fixture,
  KABUPATEN,
  nominationPayload,
  recordingNotifier,
  waitFor,
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

/** The real processor with its records observable: `failMarks` fails that many, `hang` never answers. */
function spyProcessor(inner: SubmissionProcessor) {
  const marked: string[][] = [];
  const spy = {
    marked,
    failMarks: 0,
    /** As if the process died: records never complete. */
    hang: false,
    processor: {
      process: (id: string) => inner.process(id),
      processBatch: (ids: readonly string[]) => inner.processBatch(ids),
      isConfirmed: (id: string) => inner.isConfirmed(id),
      async markConfirmed(ids: readonly string[]) {
        marked.push([...ids]);
        if (spy.hang) return new Promise<void>(() => {});
        if (spy.failMarks > 0) {
          spy.failMarks--;
          throw new Error('connection lost');
        }
        await inner.markConfirmed(ids);
      },
    } satisfies SubmissionProcessor,
  };
  return spy;
}

const nomination = (region: string, categoryCode: 'TKSK' | 'PSM' = 'TKSK') =>
  addSubmission(db.prisma, fx, fx.officers[region]!, {
    kind: 'NOMINATION',
    payload: nominationPayload(fx, region, { categoryCode }),
  });

const confirmedAt = async (id: string) =>
  (await db.prisma.submission.findUniqueOrThrow({ where: { id } })).confirmedAt;

const unconfirmedOf = (ids: string[]) =>
  db.prisma.submission.count({ where: { id: { in: ids }, confirmedAt: null } });

describe('confirmations', () => {
  it('go out one at a time, each recorded before the next is sent', async () => {
    const ids = await Promise.all(KABUPATEN.slice(0, 8).map((k) => nomination(k)));
    const unconfirmedAtSend: number[] = [];
    const sent: string[] = [];
    const notifier = {
      async send(to: ChatAddress, messages: OutboundMessage[]) {
        // Everyone told before this message is recorded already.
        unconfirmedAtSend.push(await unconfirmedOf(ids));
        sent.push(`${to.chatId} ${messages[0]!.text}`);
      },
    };
    const batcher = createSubmissionBatcher({ processor: real, notifier, maxBatch: 100 });
    await Promise.all(ids.map((id) => batcher.submit(id)));
    await batcher.flush();
    expect(sent).toHaveLength(ids.length);
    // The k-th send (0-based) sees exactly ids.length - k unconfirmed rows: itself and those after it.
    expect(unconfirmedAtSend).toEqual(ids.map((_, k) => ids.length - k));
    expect(await unconfirmedOf(ids)).toBe(0);
  });

  it('a crash right after a send leaves one user told and unrecorded; the re-run tells that one again', async () => {
    const ids = await Promise.all(KABUPATEN.slice(0, 6).map((k) => nomination(k, 'PSM')));
    const crashed = spyProcessor(real);
    const before = recordingNotifier();
    const notifier = {
      async send(to: ChatAddress, messages: OutboundMessage[]) {
        await before.send(to, messages);
        if (before.sent.length === 3) crashed.hang = true; // dies before recording the third
      },
    };
    const dying = createSubmissionBatcher({ processor: crashed.processor, notifier, maxBatch: 100 });
    for (const id of ids) void dying.submit(id).catch(() => undefined);
    await waitFor(async () => before.sent.length >= 3, 10_000, 'three sends');
    await new Promise((r) => setTimeout(r, 300));
    expect(before.sent).toHaveLength(3);
    expect(await unconfirmedOf(ids)).toBe(ids.length - 2);

    // The jobs run again in a new process: only the third user hears twice.
    const after = recordingNotifier();
    const restarted = createSubmissionBatcher({ processor: real, notifier: after });
    const results = await Promise.all(ids.map((id) => restarted.submit(id)));
    await restarted.flush();
    expect(results.every((r) => !r.fresh)).toBe(true);
    expect(after.sent).toHaveLength(ids.length - 2);
    const told = [...before.sent, ...after.sent].map((s) => s.text);
    const twice = told.filter((t, i) => told.indexOf(t) !== i);
    expect(twice).toEqual([before.sent[2]!.text]);
    expect(await unconfirmedOf(ids)).toBe(0);
  });

  it('a job that runs twice (its lock lost while its worker was starved) tells its user once', async () => {
    const id = await nomination('63.06', 'PSM');
    const notifier = recordingNotifier();
    const batcher = createSubmissionBatcher({ processor: real, notifier, maxBatch: 1 });
    // Both runs read the row as unconfirmed before either told the user.
    const [first, second] = await Promise.all([batcher.submit(id), batcher.submit(id)]);
    await batcher.flush();
    expect([first.submissionId, second.submissionId]).toEqual([id, id]);
    expect(notifier.sent).toHaveLength(1);
    expect(await confirmedAt(id)).not.toBeNull();
  });

  it('a failed record holds the next send until it is written; a re-run here records without telling again', async () => {
    const [a, b, c] = [await nomination('63.01'), await nomination('63.02'), await nomination('63.03')];
    const spy = spyProcessor(real);
    const notifier = recordingNotifier();
    const batcher = createSubmissionBatcher({ processor: spy.processor, notifier, maxBatch: 1 });
    spy.failMarks = 2; // a's record, then the retry of it before b
    await batcher.submit(a); // told; its record failed
    expect(await confirmedAt(a)).toBeNull();
    await expect(batcher.submit(b)).rejects.toThrow('connection lost'); // not sent: a is unrecorded
    expect(notifier.sent).toHaveLength(1);
    // Postgres is back: a's job runs again here, its record is written, nobody is told twice.
    await batcher.submit(a);
    expect(notifier.sent).toHaveLength(1);
    expect(await confirmedAt(a)).not.toBeNull();
    await batcher.submit(b);
    await batcher.submit(c);
    await batcher.flush();
    expect(notifier.sent).toHaveLength(3);
    expect(await unconfirmedOf([a, b, c])).toBe(0);
  });

  it('a send that fails fails its job, records nothing, and is told on the retry', async () => {
    const id = await nomination('63.04');
    let down = true;
    const told = recordingNotifier();
    const notifier = {
      async send(to: ChatAddress, messages: OutboundMessage[]) {
        if (down) throw new Error('Telegram unreachable');
        await told.send(to, messages);
      },
    };
    const batcher = createSubmissionBatcher({ processor: real, notifier });
    await expect(batcher.submit(id)).rejects.toThrow('Telegram unreachable');
    expect(await confirmedAt(id)).toBeNull();
    down = false;
    const again = await batcher.submit(id);
    expect(again.fresh).toBe(false);
    expect(told.sent).toHaveLength(1);
    expect(await confirmedAt(id)).not.toBeNull();
    const row = await db.prisma.submission.findUniqueOrThrow({ where: { id } });
    expect(row.attempts).toBe(1);
    expect(
      await db.prisma.nomination.count({ where: { regionCode: '63.04', categoryId: fx.categoryIds.TKSK } }),
    ).toBe(1);

    // Recorded now: a further re-run tells nobody.
    const quiet = recordingNotifier();
    await createSubmissionBatcher({ processor: real, notifier: quiet }).submit(id);
    expect(quiet.sent).toEqual([]);
  });
});

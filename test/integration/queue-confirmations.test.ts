/**
 * How the worker tells users and keeps track of it: one message at a time, each marked in Redis
 * before the next is sent, the Postgres records (confirmed_at) following in batches. A crash at any
 * moment repeats at most one confirmation and loses none; a job run twice tells once.
 */
import { Redis } from 'ioredis';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubmissionProcessor, type SubmissionProcessor } from '../../src/app/process-submission.ts';
import type { ChatAddress, OutboundMessage } from '../../src/core/messages.ts';
import { createPgPool } from '../../src/db/client.ts';
import { type ConfirmationMarks, createConfirmationMarks } from '../../src/queue/confirmation-marks.ts';
import { createSubmissionBatcher } from '../../src/queue/submission-batcher.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { testRedisUrl, uniqueQueuePrefix } from '../support/redis.ts';
import {
  addSubmission,
  createFixture,
  deletePrefixKeys,
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
let redis: Redis;
const prefix = uniqueQueuePrefix('confirmations');
let marks: ConfirmationMarks;
/** Postgres records only at flush(): what a test sees in confirmed_at is what it flushed. */
const NO_RECORDS_BEFORE_FLUSH = 600_000;

beforeAll(async () => {
  db = await createTestDb('queue_confirmations');
  fx = await createFixture(db.prisma);
  pool = createPgPool(db.url);
  real = createSubmissionProcessor({ prisma: db.prisma, pool });
  redis = new Redis(testRedisUrl);
  marks = createConfirmationMarks(redis, prefix);
});

afterAll(async () => {
  redis?.disconnect();
  await deletePrefixKeys(testRedisUrl, prefix);
  await pool?.end();
  await db?.drop();
});

/** A spy on records or marks: `fail` fails that many calls, `hang` never answers (the process died). */
function faulty() {
  const f = {
    calls: 0,
    fail: 0,
    hang: false,
    async run<T>(inner: () => Promise<T>): Promise<T> {
      f.calls++;
      if (f.hang) return new Promise<T>(() => {});
      if (f.fail > 0) {
        f.fail--;
        throw new Error('connection lost');
      }
      return inner();
    },
  };
  return f;
}

function spyProcessor(inner: SubmissionProcessor) {
  const records = faulty();
  const processor: SubmissionProcessor = {
    ...inner,
    markConfirmed: (ids) => records.run(() => inner.markConfirmed(ids)),
  };
  return { processor, records };
}

function spyMarks(inner: ConfirmationMarks) {
  const f = faulty();
  const spied: ConfirmationMarks = {
    told: (ids) => inner.told(ids),
    mark: (id, next) => f.run(() => inner.mark(id, next)),
  };
  return { marks: spied, f };
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
  it('go out one at a time, each marked before the next is sent; the Postgres records follow in one batch', async () => {
    const ids = await Promise.all(KABUPATEN.slice(0, 8).map((k) => nomination(k)));
    const markedAtSend: number[] = [];
    const notifier = {
      async send(_to: ChatAddress, _messages: OutboundMessage[]) {
        // Everyone told before this message is marked already.
        markedAtSend.push((await marks.told(ids)).size);
      },
    };
    const spy = spyProcessor(real);
    const batcher = createSubmissionBatcher({
      processor: spy.processor,
      notifier,
      marks,
      maxBatch: 100,
      recordEveryMs: NO_RECORDS_BEFORE_FLUSH,
    });
    await Promise.all(ids.map((id) => batcher.submit(id)));
    expect(markedAtSend).toEqual(ids.map((_, k) => k));
    expect((await marks.told(ids)).size).toBe(ids.length);
    expect(await unconfirmedOf(ids)).toBe(ids.length);
    await batcher.flush();
    expect(spy.records.calls).toBe(1);
    expect(await unconfirmedOf(ids)).toBe(0);
  });

  it('a crash right after a send leaves one user told and unmarked; the re-run tells that one again', async () => {
    const ids = await Promise.all(KABUPATEN.slice(0, 6).map((k) => nomination(k, 'PSM')));
    const crashed = spyProcessor(real);
    crashed.records.hang = true; // no Postgres record ever completes in the dying process
    const dyingMarks = spyMarks(marks);
    const before = recordingNotifier();
    const notifier = {
      async send(to: ChatAddress, messages: OutboundMessage[]) {
        await before.send(to, messages);
        if (before.sent.length === 3) dyingMarks.f.hang = true; // dies before marking the third
      },
    };
    const dying = createSubmissionBatcher({
      processor: crashed.processor,
      notifier,
      marks: dyingMarks.marks,
    });
    for (const id of ids) void dying.submit(id).catch(() => undefined);
    await waitFor(async () => before.sent.length >= 3, 10_000, 'three sends');
    await new Promise((r) => setTimeout(r, 300));
    expect(before.sent).toHaveLength(3);
    expect((await marks.told(ids)).size).toBe(2);
    expect(await unconfirmedOf(ids)).toBe(ids.length);

    // The jobs run again in a new process: only the third user hears twice.
    const after = recordingNotifier();
    const restarted = createSubmissionBatcher({ processor: real, notifier: after, marks });
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
    const [here, there] = [await nomination('63.06', 'PSM'), await nomination('63.07', 'PSM')];
    const notifier = recordingNotifier();
    // Postgres records gathered for a minute (flush writes them): the second process below must find the
    // Redis mark with the row still unconfirmed in Postgres, whatever the machine's speed.
    const batcher = createSubmissionBatcher({
      processor: real,
      notifier,
      marks,
      maxBatch: 1,
      recordEveryMs: 60_000,
    });
    // In one process: both runs read the row as unconfirmed before either told the user.
    const [first, second] = await Promise.all([batcher.submit(here), batcher.submit(here)]);
    expect([first.submissionId, second.submissionId]).toEqual([here, here]);
    // In two processes: the second run finds the first one's mark (its Postgres record not written yet).
    await batcher.submit(there);
    const elsewhere = recordingNotifier();
    const other = createSubmissionBatcher({ processor: real, notifier: elsewhere, marks });
    expect((await other.submit(there)).confirmed).toBe(false);
    await Promise.all([batcher.flush(), other.flush()]);
    expect(notifier.sent).toHaveLength(2);
    expect(elsewhere.sent).toHaveLength(0);
    expect(await unconfirmedOf([here, there])).toBe(0);
  });

  it('a failed mark is replaced by a Postgres record before the next send; while both fail nothing more goes out', async () => {
    const [a, b] = [await nomination('63.01'), await nomination('63.02')];
    const spy = spyProcessor(real);
    const flaky = spyMarks(marks);
    const notifier = recordingNotifier();
    const batcher = createSubmissionBatcher({
      processor: spy.processor,
      notifier,
      marks: flaky.marks,
      maxBatch: 1,
      recordEveryMs: NO_RECORDS_BEFORE_FLUSH,
    });
    flaky.f.fail = 2; // a's mark, then its retry before b
    spy.records.fail = 1; // the Postgres record that replaces it before b
    await batcher.submit(a); // told; neither marked nor recorded
    await expect(batcher.submit(b)).rejects.toThrow('connection lost'); // not sent
    expect(notifier.sent).toHaveLength(1);
    // Redis is back: a is marked first, then b goes out; a's job run again here tells nobody.
    await batcher.submit(b);
    await batcher.submit(a);
    expect(notifier.sent).toHaveLength(2);
    expect((await marks.told([a, b])).size).toBe(2);
    await batcher.flush();
    expect(await unconfirmedOf([a, b])).toBe(0);
  });

  it('a send that fails fails its job, marks nothing, and is told on the retry', async () => {
    const id = await nomination('63.04');
    let down = true;
    const told = recordingNotifier();
    const notifier = {
      async send(to: ChatAddress, messages: OutboundMessage[]) {
        if (down) throw new Error('Telegram unreachable');
        await told.send(to, messages);
      },
    };
    const batcher = createSubmissionBatcher({ processor: real, notifier, marks });
    await expect(batcher.submit(id)).rejects.toThrow('Telegram unreachable');
    expect((await marks.told([id])).size).toBe(0);
    down = false;
    const again = await batcher.submit(id);
    expect(again.fresh).toBe(false);
    expect(told.sent).toHaveLength(1);
    await batcher.flush();
    expect(await confirmedAt(id)).not.toBeNull();
    const row = await db.prisma.submission.findUniqueOrThrow({ where: { id } });
    expect(row.attempts).toBe(1);
    expect(
      await db.prisma.nomination.count({ where: { regionCode: '63.04', categoryId: fx.categoryIds.TKSK } }),
    ).toBe(1);

    // Recorded now: a further re-run tells nobody, without reading any mark.
    const quiet = recordingNotifier();
    const noMarks = spyMarks(marks);
    noMarks.f.hang = true;
    await createSubmissionBatcher({ processor: real, notifier: quiet, marks: noMarks.marks }).submit(id);
    expect(quiet.sent).toEqual([]);
  });
});

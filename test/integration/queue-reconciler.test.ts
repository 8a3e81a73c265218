/**
 * The reconciler never lets a user go untold: written-but-unconfirmed submissions whose job failed
 * or vanished are run again, one whose user is marked as told is recorded without telling again, a
 * row processed late (after waiting in a backlog) is not skipped, and an active job whose worker is
 * gone is moved on even when no stalled check runs.
 */
import { Worker } from 'bullmq';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubmissionProcessor, type SubmissionProcessor } from '../../src/app/process-submission.ts';
import type { ChatAddress, OutboundMessage } from '../../src/core/messages.ts';
import { createRedisConnection } from '../../src/queue/connection.ts';
import { SUBMISSIONS_QUEUE } from '../../src/queue/names.ts';
import { startReconciler } from '../../src/queue/reconciler.ts';
import { createQueueSubmissionSink, createSubmissionQueue } from '../../src/queue/submission-queue.ts';
import { startWorker } from '../../src/worker.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { testRedisUrl, uniqueQueuePrefix } from '../support/redis.ts';
import {
  addSubmission,
  createFixture,
  deletePrefixKeys,
  type Fixture,
  nominationPayload,
  recordingNotifier,
  waitFor,
} from './queue-fixtures.ts';

let db: TestDb;
let fx: Fixture;
let real: SubmissionProcessor;
const prefixes: string[] = [];
const silent = pino({ level: 'silent' });

beforeAll(async () => {
  db = await createTestDb('queue_reconciler');
  fx = await createFixture(db.prisma);
  real = createSubmissionProcessor({ prisma: db.prisma });
});

afterAll(async () => {
  for (const p of prefixes) await deletePrefixKeys(testRedisUrl, p);
  await db?.drop();
});

function newPrefix(label: string): string {
  const p = uniqueQueuePrefix(label);
  prefixes.push(p);
  return p;
}

const nomination = (region: string) =>
  addSubmission(db.prisma, fx, fx.officers[region]!, {
    kind: 'NOMINATION',
    payload: nominationPayload(fx, region, { categoryCode: 'PSM' }),
  });

const confirmed = (id: string) =>
  waitFor(
    async () => (await db.prisma.submission.findUniqueOrThrow({ where: { id } })).confirmedAt,
    15_000,
    `confirmation of ${id}`,
  );

const fast = { intervalMs: 200, olderThanMs: 300 };

describe('reconciler', () => {
  it('retries the failed job of a written submission whose user was not told', async () => {
    const id = await nomination('63.01');
    let down = true;
    const told = recordingNotifier();
    const notifier = {
      async send(to: ChatAddress, messages: OutboundMessage[]) {
        if (down) throw new Error('no telegram channel in this process');
        await told.send(to, messages);
      },
    };
    const worker = startWorker({
      config: { REDIS_URL: testRedisUrl, QUEUE_PREFIX: newPrefix('rec-failed') },
      prisma: db.prisma,
      notifier,
      logger: silent,
      jobOptions: { attempts: 1 },
      reconcile: fast,
    });
    try {
      await worker.ready;
      await worker.sink.enqueue(id);
      await waitFor(async () => (await worker.queue.getJobState(id)) === 'failed', 10_000, 'job failed');
      const row = await db.prisma.submission.findUniqueOrThrow({ where: { id } });
      expect([row.status, row.confirmedAt]).toEqual(['DONE', null]);
      down = false;
      await confirmed(id);
    } finally {
      await worker.close();
    }
    expect(told.sent.map((s) => s.text)).toEqual(['✅ Nominasi tercatat: KALSEL-2026-PSM-001']);
  });

  it('records a completed job whose Postgres record was lost (its user marked as told), and runs a written submission with no job at all', async () => {
    const [recordLost, noJob] = [await nomination('63.02'), await nomination('63.03')];
    const prefix = newPrefix('rec-completed');
    // First process: tells the user, but Postgres refuses every record.
    const first = recordingNotifier();
    const noRecords: SubmissionProcessor = {
      ...real,
      markConfirmed: () => Promise.reject(new Error('connection lost')),
    };
    const dying = startWorker({
      config: { REDIS_URL: testRedisUrl, QUEUE_PREFIX: prefix },
      prisma: db.prisma,
      notifier: first,
      logger: silent,
      processor: noRecords,
      reconcile: false,
    });
    await dying.ready;
    await dying.sink.enqueue(recordLost);
    await waitFor(
      async () => (await dying.queue.getJobState(recordLost)) === 'completed',
      10_000,
      'completed',
    );
    await dying.close();
    expect(first.sent).toHaveLength(1);
    // Written, never queued (as if its job was removed or flushed after writing).
    await real.processBatch([noJob]);

    const after = recordingNotifier();
    const worker = startWorker({
      config: { REDIS_URL: testRedisUrl, QUEUE_PREFIX: prefix },
      prisma: db.prisma,
      notifier: after,
      logger: silent,
      reconcile: fast,
    });
    try {
      await worker.ready;
      await confirmed(recordLost);
      await confirmed(noJob);
    } finally {
      await worker.close();
    }
    // The user whose Postgres record was lost is not told twice: the Redis mark says they were.
    expect(after.sent.map((s) => s.to.chatId)).toEqual([`chat-${fx.officers['63.03']}`]);
  });

  it('does not skip a row processed after waiting longer than olderThanMs (a backlog) whose user was not told', async () => {
    const id = await nomination('63.05');
    const revived: string[][] = [];
    const reconciler = startReconciler({
      prisma: db.prisma,
      revive: async (ids) => {
        revived.push([...ids]);
        return { added: 0, retried: 0, orphaned: 0 };
      },
      told: async () => new Set(),
      record: async () => {},
      logger: silent,
      intervalMs: 3_600_000,
      olderThanMs: 400,
    });
    try {
      await new Promise((r) => setTimeout(r, 500));
      // Written only now, long after it was made; its confirmation will fail.
      await real.processBatch([id]);
      // Too recent to revive: its job may still be telling the user.
      await reconciler.runOnce();
      expect(revived.flat()).not.toContain(id);
      await new Promise((r) => setTimeout(r, 500));
      // Now it is due: the previous pass must not have moved past it.
      await reconciler.runOnce();
      expect(revived.flat()).toContain(id);
    } finally {
      await reconciler.stop();
      await real.markConfirmed([id]);
    }
  });

  it('moves on an active job whose worker is gone even when no stalled check runs', async () => {
    const id = await nomination('63.04');
    const prefix = newPrefix('rec-orphan');
    // A worker takes the job and dies holding it: active, its lock expiring after 300 ms.
    const producer = createRedisConnection(testRedisUrl);
    const queue = createSubmissionQueue(producer, prefix);
    await createQueueSubmissionSink(queue).enqueue(id);
    const connection = createRedisConnection(testRedisUrl, { worker: true });
    const dead = new Worker(SUBMISSIONS_QUEUE, null, {
      connection,
      prefix,
      lockDuration: 300,
      autorun: false,
    });
    dead.on('error', () => {});
    expect((await dead.getNextJob('dead-token'))?.id).toBe(id);
    connection.disconnect();
    await new Promise((r) => setTimeout(r, 400));
    expect(await queue.getJobState(id)).toBe('active');
    await queue.close();
    producer.disconnect();

    const told = recordingNotifier();
    const worker = startWorker({
      config: { REDIS_URL: testRedisUrl, QUEUE_PREFIX: prefix },
      prisma: db.prisma,
      notifier: told,
      logger: silent,
      // Only the reconciler can notice: this worker runs no stalled check of its own.
      workerOptions: { skipStalledCheck: true },
      reconcile: { intervalMs: 300, olderThanMs: 0 },
    });
    try {
      await worker.ready;
      await confirmed(id);
    } finally {
      await worker.close();
      await dead.close(true).catch(() => {});
    }
    expect(told.sent).toHaveLength(1);
  });
});

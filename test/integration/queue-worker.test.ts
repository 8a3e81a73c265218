import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisConnection } from '../../src/queue/connection.ts';
import { createQueueSubmissionSink, createSubmissionQueue } from '../../src/queue/submission-queue.ts';
import { type RunningWorker, startWorker } from '../../src/worker.ts';
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
let worker: RunningWorker;
const prefix = uniqueQueuePrefix('queue-worker');
const notifier = recordingNotifier();

beforeAll(async () => {
  db = await createTestDb('queue_worker');
  fx = await createFixture(db.prisma);
  worker = startWorker({
    config: { REDIS_URL: testRedisUrl, QUEUE_PREFIX: prefix },
    prisma: db.prisma,
    notifier,
    logger: pino({ level: 'silent' }),
    concurrency: 10,
    reconcile: false,
  });
  await worker.ready;
});

afterAll(async () => {
  await worker?.close();
  await deletePrefixKeys(testRedisUrl, prefix);
  await db?.drop();
});

const confirmed = (id: string) =>
  waitFor(
    async () => {
      const row = await db.prisma.submission.findUniqueOrThrow({ where: { id } });
      return row.confirmedAt ? row : null;
    },
    20_000,
    `confirmation of ${id}`,
  );

describe('submission worker', () => {
  it('writes a job added twice once, then confirms it once with the record number', async () => {
    const id = await addSubmission(db.prisma, fx, fx.officers['63.09']!, {
      kind: 'NOMINATION',
      payload: nominationPayload(fx, '63.09'),
    });
    await Promise.all([worker.sink.enqueue(id), worker.sink.enqueue(id)]);
    const row = await confirmed(id);
    expect(row.status).toBe('DONE');
    // Added again after it completed (a retrying producer, the reconciler): still one record, one message.
    await worker.sink.enqueue(id);
    const job = await worker.queue.getJob(id);
    await waitFor(async () => (await job?.isCompleted()) ?? true, 10_000, 'job completion');
    await new Promise((r) => setTimeout(r, 300));
    expect(await db.prisma.nomination.count({ where: { regionCode: '63.09' } })).toBe(1);
    const mine = notifier.sent.filter((s) => s.to.chatId === `chat-${fx.officers['63.09']}`);
    expect(mine).toEqual([
      {
        to: { channel: 'console', chatId: `chat-${fx.officers['63.09']}` },
        text: '✅ Nominasi tercatat: KALSEL-2026-TKSK-001',
      },
    ]);
  });

  it('tells the user why a submission was refused, in their language', async () => {
    await db.prisma.person.update({ where: { id: fx.officers['63.02']! }, data: { locale: 'en' } });
    const id = await addSubmission(db.prisma, fx, fx.officers['63.02']!, {
      kind: 'NOMINATION',
      payload: nominationPayload(fx, '63.03'),
    });
    await worker.sink.enqueue(id);
    const row = await confirmed(id);
    expect(row.status).toBe('FAILED');
    const mine = notifier.sent.filter((s) => s.to.chatId === `chat-${fx.officers['63.02']}`);
    expect(mine.map((m) => m.text)).toEqual([
      '❌ Could not be saved: You can only nominate for your own kabupaten/kota.',
    ]);
  });

  it('fails jobs with invalid data or an unknown submission at once and keeps them visible', async () => {
    const connection = createRedisConnection(testRedisUrl);
    const queue = createSubmissionQueue(connection, prefix);
    try {
      await queue.add('submission', { nope: 1 } as never, { jobId: 'bad-data' });
      await createQueueSubmissionSink(queue).enqueue('missing-submission');
      const failed = await waitFor(
        async () => {
          const stats = await worker.stats();
          return stats.failedJobs.length >= 2 ? stats : null;
        },
        15_000,
        'failed jobs',
      );
      expect(failed.failed).toBe(2);
      const byId = new Map(failed.failedJobs.map((j) => [j.id, j]));
      expect(byId.get('bad-data')).toMatchObject({ attemptsMade: 1 });
      expect(byId.get('bad-data')?.failedReason).toMatch(/Invalid submission job data/);
      expect(byId.get('missing-submission')).toMatchObject({ attemptsMade: 1 });
      expect(byId.get('missing-submission')?.failedReason).toMatch(/does not exist/);
      expect(failed.failedSubmissions.map((s) => s.kind)).toEqual(['NOMINATION']);
      expect(failed.pendingSubmissions).toBe(0);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });

  it('uses 8 attempts with exponential backoff and keeps failed jobs', async () => {
    const job = await worker.queue.getJob('missing-submission');
    expect(job?.opts).toMatchObject({
      attempts: 8,
      backoff: { type: 'exponential', delay: 2000 },
      removeOnFail: false,
    });
  });
});

describe('readQueueStats', () => {
  it('reads the counts through its own connection, and only the database part when Redis is away', async () => {
    const { readQueueStats } = await import('../../src/queue/stats.ts');
    const live = await readQueueStats({ redisUrl: testRedisUrl, prefix, prisma: db.prisma });
    expect(live.failed).toBe(2);
    expect(live.failedSubmissions).toHaveLength(1);
    const away = await readQueueStats({
      redisUrl: 'redis://127.0.0.1:1',
      prefix,
      prisma: db.prisma,
      timeoutMs: 500,
    });
    expect(away).toMatchObject({ failed: null, failedJobs: [], pendingSubmissions: 0 });
    expect('redisError' in away && away.redisError).toBeTruthy();
  });
});

/**
 * Exactly-once under faults: a worker killed between commit and job completion, the queue's Redis
 * keys lost while a submission is pending, Postgres unreachable for a while.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubmissionProcessor, type SubmissionProcessor } from '../../src/app/process-submission.ts';
import { createPgPool, createPrisma } from '../../src/db/client.ts';
import { parseDatabaseUrl, withSchema } from '../../src/db/database-url.ts';
import { startWorker } from '../../src/worker.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { testRedisUrl, uniqueQueuePrefix } from '../support/redis.ts';
import {
  compileWorker,
  producer as createProducer,
  startTcpProxy,
  type WorkerScript,
} from './faults-support.ts';
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
let workerScript: WorkerScript;
const prefixes: string[] = [];
const silent = pino({ level: 'silent' });

beforeAll(async () => {
  [db, workerScript] = await Promise.all([createTestDb('faults'), compileWorker()]);
  fx = await createFixture(db.prisma);
});

afterAll(async () => {
  for (const p of prefixes) await deletePrefixKeys(testRedisUrl, p);
  await db?.drop();
  await workerScript?.dispose();
});

function newPrefix(label: string): string {
  const p = uniqueQueuePrefix(label);
  prefixes.push(p);
  return p;
}

const producer = (prefix: string) => createProducer(testRedisUrl, prefix);
const spawnWorker = (prefix: string, env: Record<string, string> = {}) =>
  workerScript.spawn(db.url, testRedisUrl, prefix, env);

describe('faults', () => {
  // Two worker processes start in it (several seconds each on a loaded machine).
  it('a worker killed between the commit and the job completion writes once; the restarted worker confirms once', {
    timeout: 90_000,
  }, async () => {
    const prefix = newPrefix('faults-kill');
    const officer = fx.officers['63.01']!;
    const id = await addSubmission(db.prisma, fx, officer, {
      kind: 'NOMINATION',
      payload: nominationPayload(fx, '63.01'),
    });
    const p = producer(prefix);
    try {
      await p.sink.enqueue(id);
      const killed = spawnWorker(prefix, { FAULT_KILL_AFTER_COMMIT: '1' });
      expect(await killed.exited).toEqual({ code: null, signal: 'SIGKILL' });
      // Committed, but neither completed in Redis nor told to the user.
      const afterKill = await db.prisma.submission.findUniqueOrThrow({ where: { id } });
      expect(afterKill.status).toBe('DONE');
      expect(afterKill.confirmedAt).toBeNull();
      expect(await p.queue.getJobState(id)).toBe('active');
      expect(killed.lines.filter((l) => l.startsWith('SENT'))).toEqual([]);

      const restarted = spawnWorker(prefix);
      try {
        // Starting a worker process takes up to ~10 s on a loaded machine; the recovery is counted after.
        await restarted.ready;
        await waitFor(
          async () => (await p.queue.getJobState(id)) === 'completed',
          20_000,
          'stalled job to complete',
        );
        expect(restarted.lines.filter((l) => l.startsWith('SENT'))).toEqual([
          `SENT chat-${officer} ✅ Nominasi tercatat: KALSEL-2026-TKSK-001`,
        ]);
      } finally {
        restarted.proc.kill('SIGTERM');
        // SIGTERM: finishes what it holds, closes connections, exits cleanly.
        expect(await restarted.exited).toEqual({ code: 0, signal: null });
      }
      expect(await db.prisma.nomination.count({ where: { regionCode: '63.01' } })).toBe(1);
      const row = await db.prisma.submission.findUniqueOrThrow({ where: { id } });
      expect(row.confirmedAt).not.toBeNull();
      expect(row.attempts).toBe(1);
    } finally {
      await p.close();
    }
  });

  it("a submission whose job was lost with the queue's Redis keys is re-enqueued by the reconciler and written once", async () => {
    const prefix = newPrefix('faults-flush');
    const officer = fx.officers['63.02']!;
    const id = await addSubmission(db.prisma, fx, officer, {
      kind: 'NOMINATION',
      payload: nominationPayload(fx, '63.02'),
    });
    const p = producer(prefix);
    await p.sink.enqueue(id);
    expect(await p.queue.getJobState(id)).toBe('waiting');
    await p.close();
    // The worst case of a Redis restart without persistence, limited to this test's keys.
    expect(await deletePrefixKeys(testRedisUrl, prefix)).toBeGreaterThan(0);

    const notifier = recordingNotifier();
    const worker = startWorker({
      config: { REDIS_URL: testRedisUrl, QUEUE_PREFIX: prefix },
      prisma: db.prisma,
      notifier,
      logger: silent,
      reconcile: { intervalMs: 200, olderThanMs: 300 },
    });
    try {
      await worker.ready;
      expect(await worker.queue.getJobState(id)).toBe('unknown');
      const row = await waitFor(async () => {
        const r = await db.prisma.submission.findUniqueOrThrow({ where: { id } });
        return r.confirmedAt ? r : null;
      });
      expect(row.status).toBe('DONE');
      // Later passes find nothing pending and add nothing.
      expect(await worker.reconcileNow()).toBe(0);
    } finally {
      await worker.close();
    }
    expect(await db.prisma.nomination.count({ where: { regionCode: '63.02' } })).toBe(1);
    expect(notifier.sent.map((s) => s.text)).toEqual(['✅ Nominasi tercatat: KALSEL-2026-TKSK-002']);
  });

  it('Postgres unreachable for a while: nothing is lost once it is back, each submission written once', async () => {
    const proxy = await startTcpProxy(parseDatabaseUrl(db.url).connectionString);
    const proxiedUrl = withSchema(proxy.url, db.schema);
    const workerPrisma = createPrisma(proxiedUrl);
    const prefix = newPrefix('faults-pg');
    const regions = KABUPATEN.slice(5, 12);
    const ids: string[] = [];
    for (const region of regions) {
      ids.push(
        await addSubmission(db.prisma, fx, fx.officers[region]!, {
          kind: 'NOMINATION',
          payload: nominationPayload(fx, region, { categoryCode: 'PSM' }),
        }),
      );
    }
    let dbErrors = 0;
    // The worker's production path: transactions on a node-postgres pool (here through the proxy).
    const pool = createPgPool(proxiedUrl, 4);
    pool.on('error', () => {});
    const real = createSubmissionProcessor({ prisma: workerPrisma, pool });
    const counting: SubmissionProcessor = {
      ...real,
      processBatch: (batch) =>
        real.processBatch(batch).catch((error) => {
          dbErrors++;
          throw error;
        }),
    };
    const notifier = recordingNotifier();
    const worker = startWorker({
      config: { REDIS_URL: testRedisUrl, QUEUE_PREFIX: prefix },
      prisma: workerPrisma,
      notifier,
      logger: silent,
      processor: counting,
      jobOptions: { backoffMs: 200 },
      reconcile: { intervalMs: 300, olderThanMs: 60_000 },
    });
    try {
      await worker.ready;
      // Both pools hold live connections to cut.
      await Promise.all([workerPrisma.$queryRawUnsafe('SELECT 1'), pool.query('SELECT 1')]);
      proxy.stop();
      /** Every job of `some` failed at least `times` times against the cut database. */
      const failed = (some: string[], times: number) =>
        waitFor(
          async () => {
            const jobs = await Promise.all(some.map((id) => worker.queue.getJob(id)));
            return jobs.every((job) => (job?.attemptsMade ?? 0) >= times);
          },
          20_000,
          `${some.length} jobs failed ${times} times during the outage`,
        );
      // The first ones are retried during the outage, the later ones arrive while it lasts.
      await worker.sink.enqueueMany(ids.slice(0, 3));
      await failed(ids.slice(0, 3), 2);
      await worker.sink.enqueueMany(ids.slice(3));
      await failed(ids.slice(3), 1);
      expect(await db.prisma.submission.count({ where: { id: { in: ids }, status: 'PENDING' } })).toBe(
        ids.length,
      );
      await proxy.start();
      await waitFor(
        async () =>
          (await db.prisma.submission.count({ where: { id: { in: ids }, confirmedAt: { not: null } } })) ===
          ids.length,
        30_000,
        'all submissions confirmed after the outage',
      );
    } finally {
      await worker.close();
      await workerPrisma.$disconnect();
      await pool.end();
      proxy.stop();
    }
    expect(dbErrors).toBeGreaterThan(0);
    const written = await db.prisma.nomination.findMany({
      where: { regionCode: { in: regions }, categoryId: fx.categoryIds.PSM },
      select: { regionCode: true, number: true },
    });
    expect(written.map((n) => n.regionCode).sort()).toEqual([...regions].sort());
    expect(new Set(written.map((n) => n.number)).size).toBe(regions.length);
    expect(notifier.sent).toHaveLength(ids.length);
    const statuses = await db.prisma.submission.groupBy({
      by: ['status'],
      where: { id: { in: ids } },
      _count: true,
    });
    expect(statuses).toEqual([{ status: 'DONE', _count: ids.length }]);
  });
});

describe('faults, continued', () => {
  it('a submission whose job used up its attempts during a long outage is retried by the reconciler afterwards', async () => {
    const prefix = newPrefix('faults-exhausted');
    const officer = fx.officers['63.13']!;
    const id = await addSubmission(db.prisma, fx, officer, {
      kind: 'NOMINATION',
      payload: nominationPayload(fx, '63.13', { categoryCode: 'PSM' }),
    });
    let down = true;
    const real = createSubmissionProcessor({ prisma: db.prisma });
    const flaky: SubmissionProcessor = {
      ...real,
      processBatch: (batch) =>
        down ? Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')) : real.processBatch(batch),
    };
    const notifier = recordingNotifier();
    const worker = startWorker({
      config: { REDIS_URL: testRedisUrl, QUEUE_PREFIX: prefix },
      prisma: db.prisma,
      notifier,
      logger: silent,
      processor: flaky,
      jobOptions: { attempts: 2, backoffMs: 50 },
      reconcile: { intervalMs: 200, olderThanMs: 300 },
    });
    try {
      await worker.ready;
      await worker.sink.enqueue(id);
      await waitFor(
        async () => (await worker.queue.getJobState(id)) === 'failed',
        10_000,
        'attempts used up',
      );
      expect((await db.prisma.submission.findUniqueOrThrow({ where: { id } })).status).toBe('PENDING');
      down = false;
      const row = await waitFor(async () => {
        const r = await db.prisma.submission.findUniqueOrThrow({ where: { id } });
        return r.confirmedAt ? r : null;
      });
      expect(row.status).toBe('DONE');
    } finally {
      await worker.close();
    }
    expect(
      await db.prisma.nomination.count({ where: { regionCode: '63.13', categoryId: fx.categoryIds.PSM } }),
    ).toBe(1);
    expect(notifier.sent).toHaveLength(1);
  });
});

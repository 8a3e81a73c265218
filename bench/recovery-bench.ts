/**
 * Bench: recovery from a dead worker. A worker process (test/integration/faults-worker-child.ts)
 * takes a queue of nominations, commits its first batch and is SIGKILLed right after the commit
 * (FAULT_KILL_AFTER_COMMIT), leaving every job it held active under its lock. A worker started at
 * that moment (in this process, as a supervisor's restart would be) recovers them. Measured: from
 * the SIGKILL to the last of those submissions written and confirmed.
 *
 * Runs with the production lock/stall settings (SUBMISSION_LOCKS) and, side by side in the same run,
 * with BullMQ's defaults (lockDuration 30 s, stalledInterval 30 s, maxStalledCount 1) unless
 * BENCH_BASELINE=0. Env: BENCH_ROUNDS (default 2), DATABASE_URL / REDIS_URL. Prints one JSON document.
 * The time a new worker process takes to start is not included (in-process restart).
 */
import os from 'node:os';
import pino from 'pino';
import { SUBMISSION_LOCKS } from '../src/queue/submission-worker.ts';
import { startWorker } from '../src/worker.ts';
import { compileWorker, producer, type WorkerScript } from '../test/integration/faults-support.ts';
import {
  addSubmission,
  createFixture,
  deletePrefixKeys,
  KABUPATEN,
  nominationPayload,
  recordingNotifier,
  waitFor,
} from '../test/integration/queue-fixtures.ts';
import { createTestDb, type TestDb } from '../test/support/db.ts';
import { testRedisUrl, uniqueQueuePrefix } from '../test/support/redis.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const BULLMQ_DEFAULTS = { lockDuration: 30_000, stalledInterval: 30_000, maxStalledCount: 1 };

interface Round {
  settings: 'production' | 'bullmqDefaults';
  /** Jobs the killed worker held (committed or not). */
  orphaned: number;
  /** SIGKILL → last orphaned submission written and confirmed. */
  recoveryMs: number;
}

async function round(
  db: TestDb,
  children: WorkerScript,
  n: number,
  settings: Round['settings'],
): Promise<Round> {
  const fx = await createFixture(db.prisma, `REC-${n}`);
  const ids: string[] = [];
  for (const k of KABUPATEN) {
    for (const categoryCode of ['TKSK', 'PSM'] as const) {
      ids.push(
        await addSubmission(db.prisma, fx, fx.officers[k]!, {
          kind: 'NOMINATION',
          payload: nominationPayload(fx, k, { categoryCode }),
        }),
      );
    }
  }
  const prefix = uniqueQueuePrefix(`bench-recovery-${n}`);
  const victim = children.spawn(db.url, testRedisUrl, prefix, {
    FAULT_KILL_AFTER_COMMIT: '1',
    FAULT_PRODUCTION_LOCKS: '1',
  });
  await victim.ready;
  const p = producer(testRedisUrl, prefix);
  await p.sink.enqueueMany(ids);
  await victim.exited;
  const killedAt = performance.now();
  const orphaned = (await p.queue.getJobCounts('active')).active ?? 0;
  await p.close();
  const worker = startWorker({
    config: { REDIS_URL: testRedisUrl, QUEUE_PREFIX: prefix, DATABASE_URL: db.url },
    prisma: db.prisma,
    notifier: recordingNotifier(),
    logger: pino({ level: 'silent' }),
    workerOptions: settings === 'production' ? SUBMISSION_LOCKS : BULLMQ_DEFAULTS,
  });
  try {
    await waitFor(
      async () => (await db.prisma.submission.count({ where: { id: { in: ids }, confirmedAt: null } })) === 0,
      120_000,
      'orphaned jobs done',
    );
  } finally {
    await worker.close();
    await deletePrefixKeys(testRedisUrl, prefix);
  }
  return { settings, orphaned, recoveryMs: Math.round(performance.now() - killedAt) };
}

async function main(): Promise<void> {
  const db = await createTestDb('bench_recovery');
  const children = await compileWorker();
  const rounds: Round[] = [];
  try {
    let n = 0;
    for (let r = 0; r < ROUNDS; r++) {
      rounds.push(await round(db, children, ++n, 'production'));
      if (process.env.BENCH_BASELINE !== '0') rounds.push(await round(db, children, ++n, 'bullmqDefaults'));
    }
  } finally {
    await db.drop();
    await children.dispose();
  }
  const median = (settings: Round['settings']) => {
    const ms = rounds
      .filter((r) => r.settings === settings)
      .map((r) => r.recoveryMs)
      .sort((a, b) => a - b);
    return ms.length === 0 ? null : ms[Math.floor((ms.length - 1) / 2)];
  };
  console.log(
    JSON.stringify(
      {
        bench: 'recovery',
        loadAvg1m: os.loadavg()[0],
        locks: { production: SUBMISSION_LOCKS, bullmqDefaults: BULLMQ_DEFAULTS },
        medianRecoveryMs: { production: median('production'), bullmqDefaults: median('bullmqDefaults') },
        rounds,
      },
      null,
      2,
    ),
  );
}

await main();

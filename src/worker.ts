/**
 * Composition root of the submission worker: BullMQ worker + processor + confirmations through the
 * Notifier + the reconciler that revives the jobs of PENDING and of written-but-unconfirmed rows. `seleksi worker` and `seleksi start`
 * call startWorker(); several workers may run against one Postgres and one Redis.
 */

import type { SubmissionSink } from './app/ports.ts';
import { createSubmissionProcessor, type SubmissionProcessor } from './app/process-submission.ts';
import type { Config } from './config/config.ts';
import type { Notifier } from './core/ports.ts';
import { createPgPool, type PrismaClient } from './db/client.ts';
import type { Logger } from './log.ts';
import { createConfirmationMarks } from './queue/confirmation-marks.ts';
import { createRedisConnection } from './queue/connection.ts';
import {
  type DeadlineScheduler,
  type DeadlineSchedulerOptions,
  startDeadlineScheduler,
} from './queue/deadline-scheduler.ts';
import { startReconciler } from './queue/reconciler.ts';
import { createJobReviver } from './queue/revive.ts';
import { type QueueStats, queueStats } from './queue/stats.ts';
import {
  createQueueSubmissionSink,
  createSubmissionQueue,
  type SubmissionJobOptions,
  type SubmissionQueue,
} from './queue/submission-queue.ts';
import { createSubmissionWorker, type SubmissionWorkerOptions } from './queue/submission-worker.ts';

/** Options of {@link startWorker}. */
export interface StartWorkerOptions {
  /**
   * With DATABASE_URL the batch transactions run on a small node-postgres pool of their own (much
   * less CPU per submission than going through Prisma); without it, through `prisma`.
   */
  config: Pick<Config, 'REDIS_URL' | 'QUEUE_PREFIX'> & Partial<Pick<Config, 'DATABASE_URL'>>;
  prisma: PrismaClient;
  notifier: Notifier;
  logger: Logger;
  /** Jobs handled at once (written together in batches). @defaultValue 200 */
  concurrency?: number;
  /**
   * Revive the jobs of PENDING and of written-but-unconfirmed submissions (startReconciler); `false`
   * turns it off. @defaultValue `{ intervalMs: 5000, olderThanMs: 15000 }`
   */
  reconcile?: { intervalMs?: number; olderThanMs?: number } | false;
  /** Retry settings of the jobs this worker's reconciler adds. */
  jobOptions?: SubmissionJobOptions;
  /** BullMQ lock/stall settings (tests shorten them). */
  workerOptions?: SubmissionWorkerOptions['workerOptions'];
  /** Batch settings and observer, see SubmissionWorkerOptions. */
  batching?: Pick<SubmissionWorkerOptions, 'maxBatch' | 'maxInFlight' | 'onBatch'>;
  /** Replaces the processor (tests); defaults to createSubmissionProcessor({ prisma }). */
  processor?: SubmissionProcessor;
  /**
   * The definition's deadlines: phase changes at their times and reminders (queue/deadline-scheduler.ts);
   * `false` turns them off. @defaultValue `{ sweepMs: 60000 }`
   */
  deadlines?: Pick<DeadlineSchedulerOptions, 'sweepMs' | 'onRun'> | false;
}

/** A running worker. */
export interface RunningWorker {
  /** The submissions queue (producer side) on this worker's connection. */
  queue: SubmissionQueue;
  /** A SubmissionSink on the same queue (for in-process use, e.g. `seleksi start`). */
  sink: SubmissionSink & { enqueueMany(ids: readonly string[]): Promise<void> };
  /** Resolves once the worker is connected and taking jobs. */
  ready: Promise<void>;
  /** Queue counts and failed submissions (seleksi status, /metrics). */
  stats(seleksiId?: string): Promise<QueueStats>;
  /** The deadline scheduler (null when turned off). */
  deadlines: DeadlineScheduler | null;
  /** Runs one reconciler pass now; returns how many submissions it found waiting for their user. */
  reconcileNow(): Promise<number>;
  /** Stops taking jobs, finishes the ones in flight, closes the Redis connections. Idempotent. */
  close(): Promise<void>;
}

/** Starts the submission worker (and its reconciler). */
export function startWorker(options: StartWorkerOptions): RunningWorker {
  const { config, prisma, logger } = options;
  const producerConnection = createRedisConnection(config.REDIS_URL, { name: 'seleksi-queue' });
  const workerConnection = createRedisConnection(config.REDIS_URL, { worker: true, name: 'seleksi-worker' });
  const queue = createSubmissionQueue(producerConnection, config.QUEUE_PREFIX, options.jobOptions);
  const sink = createQueueSubmissionSink(queue);
  const pool = !options.processor && config.DATABASE_URL ? createPgPool(config.DATABASE_URL, 4) : undefined;
  // An idle connection cut by a Postgres restart must not crash the worker; the next query reconnects.
  pool?.on('error', (error) => logger.warn({ err: error }, 'idle Postgres connection lost'));
  const processor = options.processor ?? createSubmissionProcessor({ prisma, pool });
  // On the producer connection: the worker's blocks, and a mark must fail fast when Redis is away.
  const marks = createConfirmationMarks(producerConnection, config.QUEUE_PREFIX);
  const worker = createSubmissionWorker({
    connection: workerConnection,
    prefix: config.QUEUE_PREFIX,
    processor,
    notifier: options.notifier,
    marks,
    logger,
    concurrency: options.concurrency,
    workerOptions: options.workerOptions,
    ...options.batching,
  });
  const reconciler =
    options.reconcile === false
      ? null
      : startReconciler({
          prisma,
          revive: createJobReviver(queue, {
            redis: producerConnection,
            enqueueMany: sink.enqueueMany,
            checkStalled: () => worker.startStalledCheckTimer(),
          }),
          told: (ids) => marks.told(ids),
          record: (ids) => processor.markConfirmed(ids),
          logger,
          ...options.reconcile,
        });
  const deadlineConnection =
    options.deadlines === false
      ? null
      : createRedisConnection(config.REDIS_URL, { worker: true, name: 'seleksi-deadlines' });
  const deadlines = deadlineConnection
    ? startDeadlineScheduler({
        prisma,
        notifier: options.notifier,
        logger,
        connection: producerConnection,
        workerConnection: deadlineConnection,
        prefix: config.QUEUE_PREFIX,
        ...(options.deadlines || {}),
      })
    : null;
  const ready = worker.waitUntilReady().then(() => {
    logger.info(
      { prefix: config.QUEUE_PREFIX, concurrency: options.concurrency ?? 200 },
      'submission worker ready',
    );
  });
  ready.catch(() => {});

  let closing: Promise<void> | null = null;
  return {
    queue,
    sink,
    ready,
    deadlines,
    stats: (seleksiId) => queueStats({ queue, prisma, ...(seleksiId ? { seleksiId } : {}) }),
    reconcileNow: () => (reconciler ? reconciler.runOnce() : Promise.resolve(0)),
    close() {
      closing ??= (async () => {
        await reconciler?.stop();
        await deadlines?.close();
        await worker.close(); // waits for the jobs in flight
        await queue.close();
        await Promise.allSettled([
          workerConnection.quit(),
          producerConnection.quit(),
          deadlineConnection?.quit(),
          pool?.end(),
        ]);
        logger.info('submission worker stopped');
      })();
      return closing;
    },
  };
}

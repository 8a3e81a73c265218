/**
 * Composition root of the submission worker: BullMQ worker + processor + confirmations through the
 * Notifier + the reconciler that revives the jobs of PENDING and of written-but-unconfirmed rows. `seleksi worker` and `seleksi start`
 * call startWorker(); several workers may run against one Postgres and one Redis.
 */
import type { Redis } from 'ioredis';
import type pg from 'pg';
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

type Reconciler = ReturnType<typeof startReconciler>;
type SubmissionWorker = ReturnType<typeof createSubmissionWorker>;

/** The connections and parts of one worker. */
interface WorkerParts {
  options: StartWorkerOptions;
  producer: Redis;
  consumer: Redis;
  queue: SubmissionQueue;
  sink: RunningWorker['sink'];
  pool: pg.Pool | undefined;
  worker: SubmissionWorker;
  processor: SubmissionProcessor;
  marks: ReturnType<typeof createConfirmationMarks>;
}

/** Starts the submission worker (and its reconciler and deadline scheduler). */
export function startWorker(options: StartWorkerOptions): RunningWorker {
  const { config, prisma, logger } = options;
  const producer = createRedisConnection(config.REDIS_URL, { name: 'seleksi-queue' });
  const consumer = createRedisConnection(config.REDIS_URL, { worker: true, name: 'seleksi-worker' });
  const queue = createSubmissionQueue(producer, config.QUEUE_PREFIX, options.jobOptions);
  const pool =
    !options.processor && config.DATABASE_URL ? createPgPool(config.DATABASE_URL, 4, logger) : undefined;
  const processor = options.processor ?? createSubmissionProcessor({ prisma, pool });
  // On the producer connection: the worker's blocks, and a mark must fail fast when Redis is away.
  const marks = createConfirmationMarks(producer, config.QUEUE_PREFIX);
  const worker = createSubmissionWorker({
    connection: consumer,
    prefix: config.QUEUE_PREFIX,
    processor,
    notifier: options.notifier,
    marks,
    logger,
    concurrency: options.concurrency,
    workerOptions: options.workerOptions,
    ...options.batching,
  });
  const sink = createQueueSubmissionSink(queue);
  const parts = { options, producer, consumer, queue, sink, pool, worker, processor, marks };
  const reconciler = startReconcilerOf(parts);
  const deadlines = startDeadlinesOf(parts);
  const ready = worker.waitUntilReady().then(() => {
    logger.info(
      { prefix: config.QUEUE_PREFIX, concurrency: options.concurrency ?? 200 },
      'submission worker ready',
    );
  });
  ready.catch(() => {});
  return runningWorker(parts, reconciler, deadlines, ready);
}

/** The reconciler that revives the jobs of PENDING and written-but-unconfirmed submissions. */
function startReconcilerOf(parts: WorkerParts): Reconciler | null {
  const { options } = parts;
  if (options.reconcile === false) return null;
  return startReconciler({
    prisma: options.prisma,
    revive: createJobReviver(parts.queue, {
      redis: parts.producer,
      enqueueMany: parts.sink.enqueueMany,
      checkStalled: () => parts.worker.startStalledCheckTimer(),
    }),
    told: (ids) => parts.marks.told(ids),
    record: (ids) => parts.processor.markConfirmed(ids),
    logger: options.logger,
    ...options.reconcile,
  });
}

/** The deadline scheduler on a connection of its own, with that connection to close. */
function startDeadlinesOf(parts: WorkerParts): { scheduler: DeadlineScheduler; connection: Redis } | null {
  const { options } = parts;
  if (options.deadlines === false) return null;
  const connection = createRedisConnection(options.config.REDIS_URL, {
    worker: true,
    name: 'seleksi-deadlines',
  });
  const scheduler = startDeadlineScheduler({
    prisma: options.prisma,
    notifier: options.notifier,
    logger: options.logger,
    connection: parts.producer,
    workerConnection: connection,
    prefix: options.config.QUEUE_PREFIX,
    ...(options.deadlines || {}),
  });
  return { scheduler, connection };
}

function runningWorker(
  parts: WorkerParts,
  reconciler: Reconciler | null,
  deadlines: { scheduler: DeadlineScheduler; connection: Redis } | null,
  ready: Promise<void>,
): RunningWorker {
  const { queue, options } = parts;
  let closing: Promise<void> | null = null;
  return {
    queue,
    sink: parts.sink,
    ready,
    deadlines: deadlines?.scheduler ?? null,
    stats: (seleksiId) => queueStats({ queue, prisma: options.prisma, ...(seleksiId ? { seleksiId } : {}) }),
    reconcileNow: () => (reconciler ? reconciler.runOnce() : Promise.resolve(0)),
    close() {
      closing ??= (async () => {
        await reconciler?.stop();
        await deadlines?.scheduler.close();
        await parts.worker.close(); // waits for the jobs in flight
        await queue.close();
        await Promise.allSettled([
          parts.consumer.quit(),
          parts.producer.quit(),
          deadlines?.connection.quit(),
          parts.pool?.end(),
        ]);
        options.logger.info('submission worker stopped');
      })();
      return closing;
    },
  };
}

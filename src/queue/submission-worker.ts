import { UnrecoverableError, Worker, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { SubmissionNotFoundError, type SubmissionProcessor } from '../app/process-submission.ts';
import type { Notifier } from '../core/ports.ts';
import type { Logger } from '../log.ts';
import type { ConfirmationMarks } from './confirmation-marks.ts';
import { type SubmissionJobData, submissionJobSchema } from './jobs.ts';
import { SUBMISSIONS_QUEUE } from './names.ts';
import { createSubmissionBatcher } from './submission-batcher.ts';

/** Result stored on a completed job (ids and status only). */
export interface SubmissionJobResult {
  status: 'written' | 'rejected';
  fresh: boolean;
}

/** Options of {@link createSubmissionWorker}. */
export interface SubmissionWorkerOptions {
  /** A connection made with `createRedisConnection(url, { worker: true })`. */
  connection: Redis;
  prefix: string;
  processor: SubmissionProcessor;
  notifier: Notifier;
  /** Redis marks of told users, on a connection that is not `connection` (it blocks). */
  marks: ConfirmationMarks;
  logger?: Logger;
  /** Jobs taken at once; they are written together in batches. @defaultValue 200 */
  concurrency?: number;
  /** @defaultValue the concurrency */
  maxBatch?: number;
  /** Transactions at once in this worker. @defaultValue 2 */
  maxInFlight?: number;
  /** Called after each batch transaction (size, milliseconds). */
  onBatch?: (info: { size: number; ms: number }) => void;
  /** BullMQ lock and stall settings over {@link SUBMISSION_LOCKS} (tests shorten them). */
  workerOptions?: Partial<
    Pick<
      WorkerOptions,
      'lockDuration' | 'stalledInterval' | 'maxStalledCount' | 'drainDelay' | 'skipStalledCheck'
    >
  >;
}

/**
 * BullMQ lock and stall settings of the submission worker, chosen so that the jobs of a worker that
 * died run again within seconds (BullMQ's defaults: 30 s and 30 s, so 30-60 s):
 *
 * - `lockDuration` 5 s: a live worker renews its jobs' locks every 2.5 s (half of it, BullMQ's
 *   default ratio); a dead worker's locks expire 2.5-5 s after its death. Nothing this worker does
 *   blocks its event loop for seconds (a batch of 200 score sheets is a few ms of CPU), so a live
 *   worker does not lose its locks; if one did, the re-run is harmless (row lock, DONE check).
 * - `stalledInterval` 2 s: how often a worker (any of them; one check per interval across all) moves
 *   active jobs without a lock back to waiting. A job is moved at the first check after its lock
 *   expired at which it was already marked, so recovery takes lockDuration + up to two intervals:
 *   5-9 s, measured in bench/recovery-bench.ts.
 * - `maxStalledCount` 3: a worker that keeps crashing leaves its jobs stalled again and again; each
 *   may stall three times and still run again at once. Past that BullMQ fails it (a job that kills
 *   its worker does not loop every few seconds), and the reconciler retries it later.
 */
export const SUBMISSION_LOCKS = {
  lockDuration: 5_000,
  stalledInterval: 2_000,
  maxStalledCount: 3,
} as const satisfies Partial<WorkerOptions>;

/**
 * The job handler: validates the job data (UnrecoverableError when it is not `{ submissionId }` or
 * the submission does not exist — retrying cannot fix either), then writes and confirms through the
 * batcher. Database and delivery errors throw, so BullMQ retries with backoff.
 */
export function createSubmissionJobHandler(
  submit: (submissionId: string) => Promise<{ outcome: { status: 'written' | 'rejected' }; fresh: boolean }>,
): (job: { data: unknown }) => Promise<SubmissionJobResult> {
  return async (job) => {
    const parsed = submissionJobSchema.safeParse(job.data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UnrecoverableError(
        `Invalid submission job data (${issue?.path.join('.') || 'data'}: ${issue?.message ?? 'invalid'})`,
      );
    }
    try {
      const result = await submit(parsed.data.submissionId);
      return { status: result.outcome.status, fresh: result.fresh };
    } catch (error) {
      if (error instanceof SubmissionNotFoundError) throw new UnrecoverableError(error.message);
      throw error;
    }
  };
}

/** A BullMQ worker whose close() also records in Postgres the confirmations the batcher still holds. */
class SubmissionWorker extends Worker<SubmissionJobData, SubmissionJobResult> {
  constructor(
    private readonly batcher: { flush(): Promise<void> },
    ...args: ConstructorParameters<typeof Worker<SubmissionJobData, SubmissionJobResult>>
  ) {
    super(...args);
  }

  override async close(force?: boolean): Promise<void> {
    await super.close(force);
    await this.batcher.flush();
  }
}

/**
 * Starts a BullMQ worker on the submissions queue. `close()` finishes the jobs in flight first,
 * then records the last confirmations.
 */
export function createSubmissionWorker(
  options: SubmissionWorkerOptions,
): Worker<SubmissionJobData, SubmissionJobResult> {
  const concurrency = options.concurrency ?? 200;
  const batcher = createSubmissionBatcher({
    processor: options.processor,
    notifier: options.notifier,
    marks: options.marks,
    logger: options.logger,
    maxBatch: options.maxBatch ?? concurrency,
    maxInFlight: options.maxInFlight,
    onBatch: options.onBatch,
  });
  const handler = createSubmissionJobHandler((id) => batcher.submit(id));
  const worker = new SubmissionWorker(batcher, SUBMISSIONS_QUEUE, handler, {
    connection: options.connection,
    prefix: options.prefix,
    concurrency,
    ...SUBMISSION_LOCKS,
    ...options.workerOptions,
  });
  worker.on('failed', (job, error) => {
    options.logger?.warn(
      { jobId: job?.id, attemptsMade: job?.attemptsMade, err: error },
      'submission job failed',
    );
  });
  worker.on('error', (error) => options.logger?.error({ err: error }, 'submission worker error'));
  return worker;
}

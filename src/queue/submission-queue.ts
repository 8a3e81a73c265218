import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { SubmissionSink } from '../app/ports.ts';
import type { SubmissionJobData } from './jobs.ts';
import { SUBMISSION_JOB, SUBMISSIONS_QUEUE } from './names.ts';

/** Options of every submission job. */
export interface SubmissionJobOptions {
  /** @defaultValue 8 */
  attempts?: number;
  /** First retry delay; doubles each attempt (8 attempts ≈ 4 minutes in all). @defaultValue 2000 */
  backoffMs?: number;
  /** Completed jobs are kept this long (seconds) for inspection, then removed. @defaultValue 3600 */
  keepCompletedSeconds?: number;
}

/** The submissions queue as the producer side (bot, reconciler, CLI) uses it. */
export type SubmissionQueue = Queue<SubmissionJobData, unknown, string>;

/** Creates the submissions queue under `prefix` (config.QUEUE_PREFIX). Failed jobs are kept. */
export function createSubmissionQueue(
  connection: Redis,
  prefix: string,
  options: SubmissionJobOptions = {},
): SubmissionQueue {
  const defaultJobOptions: JobsOptions = {
    attempts: options.attempts ?? 8,
    backoff: { type: 'exponential', delay: options.backoffMs ?? 2_000 },
    removeOnComplete: { age: options.keepCompletedSeconds ?? 3_600, count: 100_000 },
    // Failed jobs stay visible (seleksi status) until someone looks at them.
    removeOnFail: false,
  };
  return new Queue<SubmissionJobData, unknown, string>(SUBMISSIONS_QUEUE, {
    connection,
    prefix,
    defaultJobOptions,
  });
}

/**
 * The SubmissionSink the app uses: one job per submission, jobId = submission id, so adding the
 * same submission twice (a retry, the reconciler) is a no-op while the job exists.
 */
export function createQueueSubmissionSink(queue: SubmissionQueue): SubmissionSink & {
  enqueueMany(submissionIds: readonly string[]): Promise<void>;
} {
  return {
    async enqueue(submissionId) {
      await queue.add(SUBMISSION_JOB, { submissionId }, { jobId: submissionId });
    },
    async enqueueMany(submissionIds) {
      if (submissionIds.length === 0) return;
      await queue.addBulk(
        submissionIds.map((submissionId) => ({
          name: SUBMISSION_JOB,
          data: { submissionId },
          opts: { jobId: submissionId },
        })),
      );
    },
  };
}

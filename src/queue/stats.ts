import type { PrismaClient } from '../db/client.ts';
import { type FailedSubmissionRow, loadSubmissionCounts } from '../db/queue-sql.ts';
import { createRedisConnection } from './connection.ts';
import { createSubmissionQueue, type SubmissionQueue } from './submission-queue.ts';

/** Queue depth and what failed, for `seleksi status` and /metrics. */
export interface QueueStats {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
  /** Submission rows still PENDING (in the queue or waiting for the reconciler). */
  pendingSubmissions: number;
  /** Submissions refused by a rule or invalid (status FAILED), newest first. */
  failedSubmissions: FailedSubmissionRow[];
  /** Jobs that used up their attempts (kept in Redis), newest first. */
  failedJobs: { id: string; failedReason: string; attemptsMade: number; finishedAt: string | null }[];
}

/**
 * Reads the submissions queue counts and the failed submissions (optionally of one seleksi).
 * `limit` caps the listed failures.
 */
export async function queueStats(input: {
  queue: SubmissionQueue;
  prisma: PrismaClient;
  seleksiId?: string;
  limit?: number;
}): Promise<QueueStats> {
  const limit = input.limit ?? 20;
  const [counts, submissions, failedJobs] = await Promise.all([
    input.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'),
    loadSubmissionCounts(input.prisma, { seleksiId: input.seleksiId, limit }),
    input.queue.getFailed(0, limit - 1),
  ]);
  return {
    waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    failed: counts.failed ?? 0,
    completed: counts.completed ?? 0,
    ...submissions,
    failedJobs: failedJobs
      .filter((j) => j !== undefined && j !== null)
      .map((j) => ({
        id: String(j.id),
        failedReason: j.failedReason ?? '',
        attemptsMade: j.attemptsMade,
        finishedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
      })),
  };
}

/**
 * queueStats() for a command that has no queue open (`seleksi status`): opens a connection to the
 * queue under `prefix`, reads, closes. When Redis does not answer within `timeoutMs` the queue
 * counts are null and only the database part is returned.
 */
export async function readQueueStats(input: {
  redisUrl: string;
  prefix: string;
  prisma: PrismaClient;
  seleksiId?: string;
  timeoutMs?: number;
}): Promise<
  | QueueStats
  | (Omit<QueueStats, 'waiting' | 'active' | 'delayed' | 'failed' | 'completed'> & {
      waiting: null;
      active: null;
      delayed: null;
      failed: null;
      completed: null;
      redisError: string;
    })
> {
  const connection = createRedisConnection(input.redisUrl, { name: 'seleksi-status' });
  connection.on('error', () => {}); // reported through the timeout below
  const queue = createSubmissionQueue(connection, input.prefix);
  queue.on('error', () => {});
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('Redis did not answer')), input.timeoutMs ?? 3_000);
    });
    return await Promise.race([
      queueStats({ queue, prisma: input.prisma, ...(input.seleksiId ? { seleksiId: input.seleksiId } : {}) }),
      timeout,
    ]);
  } catch (error) {
    const submissions = await loadSubmissionCounts(input.prisma, { seleksiId: input.seleksiId, limit: 20 });
    return {
      waiting: null,
      active: null,
      delayed: null,
      failed: null,
      completed: null,
      redisError: error instanceof Error ? error.message : String(error),
      ...submissions,
      failedJobs: [],
    };
  } finally {
    clearTimeout(timer);
    await queue.close().catch(() => {});
    connection.disconnect();
  }
}

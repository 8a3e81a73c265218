import type { Redis } from 'ioredis';
import type { SubmissionQueue } from './submission-queue.ts';

/** What {@link createJobReviver} did with the jobs of the submissions it was given. */
export interface Revived {
  /** Jobs that were missing (never added, flushed, removed after completing): added again. */
  added: number;
  /** Failed or completed jobs moved back to waiting, their attempts counted afresh. */
  retried: number;
  /**
   * Active jobs whose lock had expired (their worker is gone): BullMQ's stalled check was run; those
   * still orphaned at the next pass were moved out of active by the reviver itself.
   */
  orphaned: number;
}

/**
 * Makes the jobs of these submissions run again where nothing else would: a missing job is added
 * (jobId = submission id), a failed or completed one retried, and an active one whose lock has
 * expired — its worker died, so no live worker renews it — is handed to BullMQ's stalled check
 * (`checkStalled`, the worker's startStalledCheckTimer), which moves it back to waiting. A job
 * found orphaned again at the next call means no stalled check is running (every worker paused or
 * closing, or none checks): it is failed as a lost attempt (`moveToFailed` without a lock token),
 * which puts it back in line with its backoff, or in failed for the next call to retry. Jobs that
 * wait, are delayed (backing off) or are active under a live lock are left alone.
 */
export function createJobReviver(
  queue: SubmissionQueue,
  options: {
    /** The queue's Redis connection (to look at a job's lock). */
    redis: Redis;
    enqueueMany(submissionIds: readonly string[]): Promise<void>;
    checkStalled?: () => Promise<void>;
  },
): (submissionIds: readonly string[]) => Promise<Revived> {
  /** Orphaned at the previous call. */
  let seenOrphaned = new Set<string>();
  return async (submissionIds) => {
    const missing: string[] = [];
    let retried = 0;
    const orphaned = new Set<string>();
    for (const id of submissionIds) {
      const state = await queue.getJobState(id);
      if (state === 'unknown') {
        missing.push(id);
      } else if (state === 'failed' || state === 'completed') {
        const job = await queue.getJob(id);
        if (!job) {
          missing.push(id);
          continue;
        }
        // Another process may have retried it meanwhile: then it is no longer in that state.
        const moved = await job.retry(state, { resetAttemptsMade: true }).then(
          () => true,
          () => false,
        );
        if (moved) retried++;
      } else if (state === 'active' && (await options.redis.exists(`${queue.toKey(id)}:lock`)) === 0) {
        orphaned.add(id);
        if (seenOrphaned.has(id)) await failOrphan(queue, id);
      }
    }
    seenOrphaned = orphaned;
    if (missing.length > 0) await options.enqueueMany(missing);
    if (orphaned.size > 0) await options.checkStalled?.();
    return { added: missing.length, retried, orphaned: orphaned.size };
  };
}

/** Ends the lost attempt of an orphaned active job (token "0": no lock to check, it has none). */
async function failOrphan(queue: SubmissionQueue, id: string): Promise<void> {
  const job = await queue.getJob(id);
  await job?.moveToFailed(new Error('worker gone: lock expired, no stalled check ran'), '0').catch(() => {
    // Moved meanwhile (a stalled check or a worker got to it first): nothing to do.
  });
}

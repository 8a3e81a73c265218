/**
 * Queue names. Every queue lives under the BullMQ key prefix `config.QUEUE_PREFIX`, so tests and
 * tenants can share one Redis: keys are `${prefix}:${queue}:…`.
 */

/** The queue of submissions to write (job data: `{ submissionId }`, jobId = submission id). */
export const SUBMISSIONS_QUEUE = 'submissions';

/** Job name of a submission job (informational: the worker handles every job of its queue). */
export const SUBMISSION_JOB = 'submission';

/** The Redis key pattern that matches every key of a prefix (for tests and `KEYS`-free cleanup via SCAN). */
export function prefixKeyPattern(prefix: string): string {
  return `${prefix}:*`;
}

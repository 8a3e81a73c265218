import type { Redis } from 'ioredis';

/**
 * Marks in Redis that a submission's user was told, set right after the send. They are what the
 * confirmer reads before each send and what makes its Postgres record (submission.confirmed_at)
 * free to follow in batches: a worker that dies after a send leaves the mark, and the job's re-run
 * (here or in another worker on the same Redis) records instead of telling the user again.
 */
export interface ConfirmationMarks {
  has(submissionId: string): Promise<boolean>;
  set(submissionId: string): Promise<void>;
}

/** A day: far longer than any job's retries; the Postgres record is the lasting one. */
const MARK_TTL_SECONDS = 86_400;

/** Marks under `${prefix}:confirmed:<submission id>` (one key each, expiring after a day). */
export function createConfirmationMarks(redis: Redis, prefix: string): ConfirmationMarks {
  const key = (id: string) => `${prefix}:confirmed:${id}`;
  return {
    async has(id) {
      return (await redis.exists(key(id))) === 1;
    },
    async set(id) {
      await redis.set(key(id), '1', 'EX', MARK_TTL_SECONDS);
    },
  };
}

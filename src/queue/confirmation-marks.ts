import type { Redis } from 'ioredis';

/**
 * Marks in Redis that a submission's user was told, set right after each send (one round trip).
 * They are the durable record the confirmer waits for before its next send, so the Postgres record
 * (submission.confirmed_at) can follow in batches: a worker that dies after a send leaves the mark,
 * and whoever looks at the submission again — a re-run of its job anywhere, the reconciler — finds
 * the user told and records it instead of telling again.
 */
export interface ConfirmationMarks {
  /** Which of these submissions' users are marked as told. */
  told(submissionIds: readonly string[]): Promise<Set<string>>;
  /**
   * Marks `submissionId` as told and, in the same round trip, says whether `next` (the confirmation
   * to send after it) is marked already; false without `next`.
   */
  mark(submissionId: string, next?: string): Promise<boolean>;
}

/** A day: far longer than any job's retries and the reconciler's look; confirmed_at is the lasting record. */
const MARK_TTL_SECONDS = 86_400;

/**
 * Marks under `${prefix}:confirmed:<submission id>` (beside the queue's keys, one key each, expiring
 * after a day). `redis` must not be a worker's blocking connection.
 */
export function createConfirmationMarks(redis: Redis, prefix: string): ConfirmationMarks {
  const key = (id: string) => `${prefix}:confirmed:${id}`;
  return {
    async told(ids) {
      if (ids.length === 0) return new Set();
      const values = await redis.mget(ids.map(key));
      return new Set(ids.filter((_, i) => values[i] !== null));
    },
    async mark(id, next) {
      if (next === undefined) {
        await redis.set(key(id), '1', 'EX', MARK_TTL_SECONDS);
        return false;
      }
      const replies = await redis
        .pipeline()
        .set(key(id), '1', 'EX', MARK_TTL_SECONDS)
        .exists(key(next))
        .exec();
      for (const [error] of replies ?? []) if (error) throw error;
      return replies?.[1]?.[1] === 1;
    },
  };
}

/**
 * Writes confirmed submissions (the `submission` outbox rows) into the records: nominations with
 * their numbers and attachments, score sheets with their scores, recusals. Exactly once: each call
 * locks the submission rows, returns the stored outcome of rows already processed, and marks the
 * others DONE or FAILED in the same transaction as the records it writes.
 *
 * Several submissions can be handled in one transaction (`processBatch`): the rows are locked and
 * the facts read in one statement, checked without the database (submissions/check.ts), score
 * sheets / recusals are written with bulk upserts, and the outcome plus audit events in one statement. On the pg pool a batch of score sheets takes five round trips, which is what
 * lets the queue worker keep up with thousands of score sheets per second.
 */

import { MARK_CONFIRMED_SQL } from '../db/queue-sql.ts';
import { lockSubmissionsWithFacts } from '../db/submission-facts-sql.ts';
import { autocommitSql, inTransaction } from '../db/submission-runner.ts';
import { checkBatch } from './submissions/check.ts';
import {
  type ProcessedSubmission,
  SubmissionNotFoundError,
  type SubmissionProcessor,
  type SubmissionProcessorDeps,
} from './submissions/model.ts';
import { describe, storedOutcome } from './submissions/outcome.ts';
import { recordDecisions } from './submissions/record-decisions.ts';
import { writeBatch } from './submissions/write-batch.ts';

export { confirmationText } from './submissions/confirmation-text.ts';
export {
  type ProcessedSubmission,
  type SubmissionKindName,
  SubmissionNotFoundError,
  type SubmissionProcessor,
  type SubmissionProcessorDeps,
} from './submissions/model.ts';

/** Creates the processor the queue worker (and in-process sinks) run. */
export function createSubmissionProcessor(deps: SubmissionProcessorDeps): SubmissionProcessor {
  // Captured once, as before the split: the driver is fixed when the processor is created.
  const target = { prisma: deps.prisma, pool: deps.pool };
  const now = deps.now ?? (() => new Date());

  async function processBatch(ids: readonly string[]): Promise<Map<string, ProcessedSubmission>> {
    const unique = [...new Set(ids)];
    const result = new Map<string, ProcessedSubmission>();
    if (unique.length === 0) return result;
    const at = now();
    await inTransaction(target, async ({ sql, prepared }) => {
      const { rows, facts } = await lockSubmissionsWithFacts(prepared, unique);
      const pending = rows.filter((r) => r.status === 'PENDING');
      for (const row of rows) {
        if (row.status !== 'PENDING') {
          result.set(row.id, describe(row, storedOutcome(row), false));
        }
      }
      if (pending.length === 0) return;
      // Oldest first: the first nomination of a kabupaten wins and gets the lower number.
      const created = new Map(pending.map((r) => [r.id, Date.parse(`${r.created_at}Z`)]));
      pending.sort((a, b) => created.get(a.id)! - created.get(b.id)! || a.id.localeCompare(b.id));
      const decisions = await writeBatch(sql, checkBatch(pending, facts), at);
      await recordDecisions(sql, pending, decisions, at);
      for (const row of pending) result.set(row.id, describe(row, decisions.get(row.id)!.outcome, true));
    });
    deps.afterCommit?.(unique);
    return result;
  }

  return {
    processBatch,
    async process(submissionId) {
      const found = (await processBatch([submissionId])).get(submissionId);
      if (!found) throw new SubmissionNotFoundError(submissionId);
      return found.outcome;
    },
    async markConfirmed(submissionIds) {
      if (submissionIds.length === 0) return;
      await autocommitSql(target)(MARK_CONFIRMED_SQL, [...submissionIds], now().toISOString());
    },
  };
}

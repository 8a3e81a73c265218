/**
 * Writes confirmed submissions (the `submission` outbox rows) into the records: nominations with
 * their numbers and attachments, score sheets with their scores, recusals. Exactly once: each call
 * locks the submission rows, returns the stored outcome of rows already processed, and marks the
 * others DONE or FAILED in the same transaction as the records it writes.
 *
 * Several submissions can be handled in one transaction (`processBatch`): the facts are read in one
 * round trip, score sheets / recusals are written with bulk upserts, and the outcome plus audit
 * events in one statement, which is what lets the queue worker keep up with thousands of score
 * sheets per second.
 */

import { decide } from './submissions/decide.ts';
import {
  type ProcessedSubmission,
  SubmissionNotFoundError,
  type SubmissionProcessor,
  type SubmissionProcessorDeps,
} from './submissions/model.ts';
import { describe, storedOutcome } from './submissions/outcome.ts';
import { recordDecisions } from './submissions/record-decisions.ts';
import type { SubmissionRow } from './submissions/rows.ts';
import { autocommitSql, inTransaction } from './submissions/sql-runner.ts';

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
    await inTransaction(target, async (sql) => {
      // Row locks in id order: concurrent batches never wait on each other in a cycle.
      const rows = await sql<SubmissionRow[]>(
        `SELECT s.id, s.kind::text AS kind, s.seleksi_id, s.person_id, s.channel::text AS channel,
                s.external_id, s.payload, s.status::text AS status, s.outcome, s.result_ref, s.error,
                s.confirmed_at, s.created_at, p.locale
           FROM submission s LEFT JOIN person p ON p.id = s.person_id
          WHERE s.id = ANY($1::text[])
          ORDER BY s.id
            FOR UPDATE OF s`,
        unique,
      );
      const pending = rows.filter((r) => r.status === 'PENDING');
      for (const row of rows) {
        if (row.status !== 'PENDING') {
          result.set(row.id, describe(row, storedOutcome(row), false));
        }
      }
      if (pending.length === 0) return;
      // Oldest first: the first nomination of a kabupaten wins and gets the lower number.
      pending.sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || a.id.localeCompare(b.id));
      const decisions = await decide(sql, pending, at);
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
      await autocommitSql(target)(
        `UPDATE submission SET confirmed_at = ($2::timestamptz AT TIME ZONE 'UTC')
          WHERE id = ANY($1::text[]) AND confirmed_at IS NULL`,
        [...submissionIds],
        now().toISOString(),
      );
    },
  };
}

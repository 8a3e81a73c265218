/** Stores the decisions of a batch on their submission rows, with one audit event each. */

import type { SubmissionRow } from '../../db/submission-rows.ts';
import type { RunSql } from '../../db/submission-runner.ts';
import { recordSubmissionDecisions } from '../../db/submission-write-sql.ts';
import type { Decision } from './decisions.ts';

/** Marks every pending row DONE or FAILED with its outcome and writes one audit event each (one statement). */
export async function recordDecisions(
  sql: RunSql,
  pending: readonly SubmissionRow[],
  decisions: ReadonlyMap<string, Decision>,
  at: Date,
): Promise<void> {
  const records = pending.map((row) => {
    const { outcome, resultRef, audit } = decisions.get(row.id)!;
    return {
      submissionId: row.id,
      status: outcome.status === 'written' ? ('DONE' as const) : ('FAILED' as const),
      resultRef,
      outcome: JSON.stringify(outcome),
      error: outcome.status === 'rejected' ? `${outcome.reason}: ${outcome.messageEn}` : null,
      actorId: row.person_id,
      seleksiId: row.seleksi_id,
      action: audit.action,
      data: JSON.stringify(audit.data),
    };
  });
  await recordSubmissionDecisions(sql, records, at);
}

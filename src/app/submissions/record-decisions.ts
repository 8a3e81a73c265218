/** Stores the decisions of a batch on their submission rows, with one audit event each. */

import type { Decision, SubmissionRow } from './rows.ts';

/**
 * Marks every pending row DONE or FAILED with its outcome and writes one audit event each, in one
 * statement whose only parameters are the batch as one JSON document and the time. Run through
 * `Tx.finish`, it shares its round trip with the COMMIT.
 */
export async function recordDecisions(
  finish: (text: string, ...params: unknown[]) => Promise<void>,
  pending: SubmissionRow[],
  decisions: Map<string, Decision>,
  at: Date,
): Promise<void> {
  const list = pending.map((row) => {
    const d = decisions.get(row.id)!;
    return {
      id: row.id,
      status: d.outcome.status === 'written' ? 'DONE' : 'FAILED',
      result_ref: d.resultRef,
      outcome: d.outcome,
      error: d.outcome.status === 'rejected' ? `${d.outcome.reason}: ${d.outcome.messageEn}` : null,
      actor_id: row.person_id,
      seleksi_id: row.seleksi_id,
      action: d.audit.action,
      data: d.audit.data,
    };
  });
  await finish(
    `WITH v AS (
       SELECT * FROM json_to_recordset($1::json)
         AS v(id text, status text, result_ref text, outcome jsonb, error text, actor_id text, seleksi_id text,
              action text, data jsonb)
     ), updated AS (
       UPDATE submission s
          SET status = v.status::"SubmissionStatus", result_ref = v.result_ref, outcome = v.outcome,
              error = v.error, processed_at = ($2::timestamptz AT TIME ZONE 'UTC'), attempts = s.attempts + 1
         FROM v WHERE s.id = v.id
     )
     INSERT INTO audit_event (id, at, actor_id, seleksi_id, action, data)
     SELECT gen_random_uuid()::text, ($2::timestamptz AT TIME ZONE 'UTC'), v.actor_id, v.seleksi_id, v.action, v.data
       FROM v`,
    JSON.stringify(list),
    at.toISOString(),
  );
}

/** Stores the decisions of a batch on their submission rows, with one audit event each. */

import type { Decision, SubmissionRow } from './rows.ts';
import { type Sql, textArray } from './sql-runner.ts';

/** Marks every pending row DONE or FAILED with its outcome and writes one audit event each (one statement). */
export async function recordDecisions(
  sql: Sql,
  pending: SubmissionRow[],
  decisions: Map<string, Decision>,
  at: Date,
): Promise<void> {
  const list = pending.map((row) => ({ row, d: decisions.get(row.id)! }));
  await sql(
    `WITH v AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                            $8::text[], $9::text[])
         AS v(id, status, result_ref, outcome, error, actor_id, seleksi_id, action, data)
     ), updated AS (
       UPDATE submission s
          SET status = v.status::"SubmissionStatus", result_ref = v.result_ref, outcome = v.outcome::jsonb,
              error = v.error, processed_at = ($10::timestamptz AT TIME ZONE 'UTC'), attempts = s.attempts + 1
         FROM v WHERE s.id = v.id
     )
     INSERT INTO audit_event (id, at, actor_id, seleksi_id, action, data)
     SELECT gen_random_uuid()::text, ($10::timestamptz AT TIME ZONE 'UTC'), v.actor_id, v.seleksi_id, v.action,
            v.data::jsonb
       FROM v`,
    textArray(list.map((x) => x.row.id)),
    textArray(list.map((x) => (x.d.outcome.status === 'written' ? 'DONE' : 'FAILED'))),
    textArray(list.map((x) => x.d.resultRef)),
    textArray(list.map((x) => JSON.stringify(x.d.outcome))),
    textArray(
      list.map((x) =>
        x.d.outcome.status === 'rejected' ? `${x.d.outcome.reason}: ${x.d.outcome.messageEn}` : null,
      ),
    ),
    textArray(list.map((x) => x.row.person_id)),
    textArray(list.map((x) => x.row.seleksi_id)),
    textArray(list.map((x) => x.d.audit.action)),
    textArray(list.map((x) => JSON.stringify(x.d.audit.data))),
    at.toISOString(),
  );
}

/** Writes accepted recusals as one bulk upsert and records their decisions. */

import type { RecusalPayload } from '../../domain/submission.ts';
import type { Decision, NomineeRow, SubmissionRow } from './rows.ts';
import type { Sql } from './sql-runner.ts';

/** One accepted recusal per (nomination, juror), with every submission row that carried it. */
export interface RecusalWrite {
  rows: SubmissionRow[];
  nominee: NomineeRow;
  payload: RecusalPayload;
}

/** Upserts the recusals (keyed by nomination|juror) and sets a `written` decision for each of their rows. */
export async function writeRecusals(
  sql: Sql,
  recs: Map<string, RecusalWrite>,
  atText: string,
  decisions: Map<string, Decision>,
): Promise<void> {
  const list = [...recs.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
  const upserted = await sql<{ id: string; nomination_id: string; juror_id: string }[]>(
    `INSERT INTO recusal (id, seleksi_id, nomination_id, juror_id, reason, created_at)
       SELECT gen_random_uuid()::text, v.seleksi_id, v.nomination_id, v.juror_id, v.reason,
              ($5::timestamptz AT TIME ZONE 'UTC')
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS v(seleksi_id, nomination_id, juror_id, reason)
       ON CONFLICT (nomination_id, juror_id) DO UPDATE SET reason = EXCLUDED.reason
       RETURNING id, nomination_id, juror_id`,
    list.map((r) => r.nominee.seleksi_id),
    list.map((r) => r.nominee.id),
    list.map((r) => r.rows[0]!.person_id),
    list.map((r) => r.payload.reason),
    atText,
  );
  const recusalId = new Map(upserted.map((u) => [`${u.nomination_id}|${u.juror_id}`, u.id]));
  for (const r of list) {
    const id = recusalId.get(`${r.nominee.id}|${r.rows[0]!.person_id}`)!;
    for (const row of r.rows) {
      decisions.set(row.id, {
        outcome: { status: 'written', kind: 'RECUSAL', recusalId: id, nominationNumber: r.nominee.number },
        resultRef: id,
        audit: {
          action: 'recusal.recorded',
          data: { submissionId: row.id, recusalId: id, nominationId: r.nominee.id },
        },
      });
    }
  }
}

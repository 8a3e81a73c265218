/**
 * The bulk writes of a submission batch: score sheets with their scores, recusals, and the decisions
 * on the submission rows with their audit events — one statement each, arrays bound as parameters.
 */

import type { RunSql } from './submission-runner.ts';

/** One score sheet to upsert; `id` is the id proposed for it should it be new. */
export interface SheetUpsert {
  id: string;
  seleksiId: string;
  nominationId: string;
  jurorId: string;
  comment: string | null;
  /** Its scores, in criterion id order. */
  scores: { criterionId: string; value: number }[];
}

/** A sheet as upserted: `created` false when it existed (re-scoring keeps the sheet's id). */
export interface SheetUpserted {
  id: string;
  nominationId: string;
  jurorId: string;
  created: boolean;
}

/**
 * The sheets (re-scoring keeps the sheet id) and their scores (re-scoring replaces the values). A
 * sheet is new when the id it got back is the one proposed for it. A new sheet has no scores yet
 * (scores are written only here, with their sheet, and go with it), so its scores are plain
 * inserts; only a re-scored sheet's go through ON CONFLICT, whose speculative insertion costs more
 * per row. Foreign keys are checked at the end of the statement, after the inserts. Returns the
 * re-scored sheets.
 */
const UPSERT_SCORE_SHEETS = `WITH v AS (
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY
              AS v(id, seleksi_id, nomination_id, juror_id, comment, sheet)
   ), sheets AS (
     INSERT INTO score_sheet (id, seleksi_id, nomination_id, juror_id, comment, submitted_at)
     SELECT id, seleksi_id, nomination_id, juror_id, comment, ($6::timestamptz AT TIME ZONE 'UTC') FROM v
     ON CONFLICT (nomination_id, juror_id)
     DO UPDATE SET comment = EXCLUDED.comment, submitted_at = EXCLUDED.submitted_at
     RETURNING id, nomination_id, juror_id
   ), s AS (
     SELECT v.sheet, sheets.id, sheets.nomination_id, sheets.juror_id, sheets.id = v.id AS created
       FROM v JOIN sheets ON sheets.nomination_id = v.nomination_id AND sheets.juror_id = v.juror_id
   ), x AS (
     SELECT s.created, s.nomination_id, s.juror_id, x.criterion_id, x.value, x.ord
       FROM unnest($7::int8[], $8::text[], $9::int[]) WITH ORDINALITY AS x(sheet, criterion_id, value, ord)
       JOIN s ON s.sheet = x.sheet
   ), fresh AS (
     INSERT INTO score (nomination_id, juror_id, criterion_id, value)
     SELECT nomination_id, juror_id, criterion_id, value FROM x WHERE created ORDER BY ord
   ), rescored AS (
     INSERT INTO score (nomination_id, juror_id, criterion_id, value)
     SELECT nomination_id, juror_id, criterion_id, value FROM x WHERE NOT created ORDER BY ord
     ON CONFLICT (nomination_id, juror_id, criterion_id)
     DO UPDATE SET value = EXCLUDED.value
   )
   SELECT id, nomination_id, juror_id FROM s WHERE NOT created`;

/**
 * Upserts score sheets and their scores in one statement, in the order given (callers sort by
 * (nomination, juror) so concurrent batches take the index locks in the same order).
 */
export async function upsertScoreSheets(
  sql: RunSql,
  sheets: readonly SheetUpsert[],
  at: Date,
): Promise<SheetUpserted[]> {
  const scoreSheet: number[] = [];
  const criterion: string[] = [];
  const value: number[] = [];
  for (const [i, sheet] of sheets.entries()) {
    for (const score of sheet.scores) {
      scoreSheet.push(i + 1);
      criterion.push(score.criterionId);
      value.push(score.value);
    }
  }
  const rescored = await sql<{ id: string; nomination_id: string; juror_id: string }[]>(
    UPSERT_SCORE_SHEETS,
    sheets.map((s) => s.id),
    sheets.map((s) => s.seleksiId),
    sheets.map((s) => s.nominationId),
    sheets.map((s) => s.jurorId),
    sheets.map((s) => s.comment),
    at.toISOString(),
    scoreSheet,
    criterion,
    value,
  );
  const kept = new Map(rescored.map((r) => [`${r.nomination_id}|${r.juror_id}`, r.id]));
  return sheets.map((s) => {
    const id = kept.get(`${s.nominationId}|${s.jurorId}`);
    return { id: id ?? s.id, nominationId: s.nominationId, jurorId: s.jurorId, created: id === undefined };
  });
}

const UPSERT_RECUSALS = `INSERT INTO recusal (id, seleksi_id, nomination_id, juror_id, reason, created_at)
     SELECT gen_random_uuid()::text, v.seleksi_id, v.nomination_id, v.juror_id, v.reason,
            ($5::timestamptz AT TIME ZONE 'UTC')
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS v(seleksi_id, nomination_id, juror_id, reason)
     ON CONFLICT (nomination_id, juror_id) DO UPDATE SET reason = EXCLUDED.reason
     RETURNING id, nomination_id, juror_id`;

/** One recusal to upsert. */
export interface RecusalUpsert {
  seleksiId: string;
  nominationId: string;
  jurorId: string;
  reason: string;
}

/** Upserts recusals in one statement (a second recusal of the same nominee replaces the reason); returns their ids. */
export async function upsertRecusals(
  sql: RunSql,
  recusals: readonly RecusalUpsert[],
  at: Date,
): Promise<{ id: string; nominationId: string; jurorId: string }[]> {
  const rows = await sql<{ id: string; nomination_id: string; juror_id: string }[]>(
    UPSERT_RECUSALS,
    recusals.map((r) => r.seleksiId),
    recusals.map((r) => r.nominationId),
    recusals.map((r) => r.jurorId),
    recusals.map((r) => r.reason),
    at.toISOString(),
  );
  return rows.map((r) => ({ id: r.id, nominationId: r.nomination_id, jurorId: r.juror_id }));
}

const RECORD_DECISIONS = `WITH v AS (
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
     FROM v`;

/** What became of one submission row, as stored on it and in its audit event. */
export interface DecisionRecord {
  submissionId: string;
  status: 'DONE' | 'FAILED';
  resultRef: string | null;
  /** The outcome as JSON text. */
  outcome: string;
  error: string | null;
  actorId: string;
  seleksiId: string;
  action: string;
  /** The audit event's data as JSON text. */
  data: string;
}

/** Marks the submission rows DONE or FAILED with their outcomes and writes one audit event each (one statement). */
export async function recordSubmissionDecisions(
  sql: RunSql,
  records: readonly DecisionRecord[],
  at: Date,
): Promise<void> {
  await sql(
    RECORD_DECISIONS,
    records.map((r) => r.submissionId),
    records.map((r) => r.status),
    records.map((r) => r.resultRef),
    records.map((r) => r.outcome),
    records.map((r) => r.error),
    records.map((r) => r.actorId),
    records.map((r) => r.seleksiId),
    records.map((r) => r.action),
    records.map((r) => r.data),
    at.toISOString(),
  );
}

/** Writes accepted score sheets and their scores as one bulk upsert, and records their decisions. */

import { randomUUID } from 'node:crypto';
import type { ScoreSheetPayload } from '../../domain/submission.ts';
import type { CriterionFacts } from '../../domain/submission-rules.ts';
import type { Decision, NomineeRow, SubmissionRow } from './rows.ts';
import { type Sql, textArray } from './sql-runner.ts';

/** One accepted sheet per (nomination, juror), with every submission row that carried it. */
export interface SheetWrite {
  rows: SubmissionRow[];
  nominee: NomineeRow;
  payload: ScoreSheetPayload;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Upserts the sheets (keyed by nomination|juror) and sets a `written` decision for each of their rows. */
export async function writeScoreSheets(
  sql: Sql,
  sheets: Map<string, SheetWrite>,
  criteriaOf: Map<string, CriterionFacts[]>,
  atText: string,
  decisions: Map<string, Decision>,
): Promise<void> {
  // Sorted by the unique key so concurrent batches take the index locks in the same order.
  const list = [...sheets.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
  const scoreRows: { nomination: string; juror: string; criterion: string; value: number }[] = [];
  for (const sheet of list) {
    const byCode = new Map((criteriaOf.get(sheet.nominee.category_id) ?? []).map((c) => [c.code, c.id]));
    for (const score of sheet.payload.scores) {
      scoreRows.push({
        nomination: sheet.nominee.id,
        juror: sheet.rows[0]!.person_id,
        criterion: byCode.get(score.criterionCode)!,
        value: score.value,
      });
    }
  }
  // In the primary key's order, so concurrent batches take its locks in the same order.
  scoreRows.sort(
    (a, b) =>
      compare(a.nomination, b.nomination) || compare(a.juror, b.juror) || compare(a.criterion, b.criterion),
  );
  // One statement: the sheets (re-scoring keeps the sheet id) and their scores (re-scoring replaces
  // the values). A sheet inserted just now has no scores yet (scores are written only here, with
  // their sheet, and go with it), so its scores are plain inserts; only a re-scored sheet's go
  // through ON CONFLICT, whose speculative insertion costs more per row. Foreign keys are checked
  // at the end of the statement, after the inserts.
  const proposed = list.map(() => randomUUID());
  const rescored = await sql<{ id: string; nomination_id: string; juror_id: string }[]>(
    `WITH sheets AS (
         INSERT INTO score_sheet (id, seleksi_id, nomination_id, juror_id, comment, submitted_at)
         SELECT v.id, v.seleksi_id, v.nomination_id, v.juror_id, v.comment, ($5::timestamptz AT TIME ZONE 'UTC')
           FROM unnest($10::text[], $1::text[], $2::text[], $3::text[], $4::text[])
                AS v(id, seleksi_id, nomination_id, juror_id, comment)
         ON CONFLICT (nomination_id, juror_id)
         DO UPDATE SET comment = EXCLUDED.comment, submitted_at = EXCLUDED.submitted_at
         RETURNING id, nomination_id, juror_id, xmax = 0 AS inserted
       ), x AS (
         SELECT sheets.inserted, x.nomination_id, x.juror_id, x.criterion_id, x.value, x.ord
           FROM unnest($6::text[], $7::text[], $8::text[], $9::int[]) WITH ORDINALITY
                AS x(nomination_id, juror_id, criterion_id, value, ord)
           JOIN sheets ON sheets.nomination_id = x.nomination_id AND sheets.juror_id = x.juror_id
       ), fresh AS (
         INSERT INTO score (nomination_id, juror_id, criterion_id, value)
         SELECT nomination_id, juror_id, criterion_id, value
           FROM x WHERE inserted ORDER BY ord
       ), rescored AS (
         INSERT INTO score (nomination_id, juror_id, criterion_id, value)
         SELECT nomination_id, juror_id, criterion_id, value
           FROM x WHERE NOT inserted ORDER BY ord
         ON CONFLICT (nomination_id, juror_id, criterion_id)
         DO UPDATE SET value = EXCLUDED.value
       )
       SELECT id, nomination_id, juror_id FROM sheets WHERE NOT inserted`,
    textArray(list.map((sheet) => sheet.nominee.seleksi_id)),
    textArray(list.map((sheet) => sheet.nominee.id)),
    textArray(list.map((sheet) => sheet.rows[0]!.person_id)),
    textArray(list.map((sheet) => sheet.payload.comment ?? null)),
    atText,
    textArray(scoreRows.map((r) => r.nomination)),
    textArray(scoreRows.map((r) => r.juror)),
    textArray(scoreRows.map((r) => r.criterion)),
    `{${scoreRows.map((r) => r.value).join(',')}}`,
    textArray(proposed),
  );
  // A re-scored sheet keeps its id; a new one has the id proposed for it.
  const kept = new Map(rescored.map((u) => [`${u.nomination_id}|${u.juror_id}`, u.id]));
  for (const [i, sheet] of list.entries()) {
    const id = kept.get(`${sheet.nominee.id}|${sheet.rows[0]!.person_id}`) ?? proposed[i]!;
    for (const row of sheet.rows) {
      decisions.set(row.id, {
        outcome: {
          status: 'written',
          kind: 'SCORE_SHEET',
          sheetId: id,
          nominationNumber: sheet.nominee.number,
        },
        resultRef: id,
        audit: {
          action: 'score_sheet.recorded',
          data: { submissionId: row.id, sheetId: id, nominationId: sheet.nominee.id },
        },
      });
    }
  }
}

/** Checks the score sheets and recusals of a batch against its facts (pure: no database). */

import type { BatchFacts, NomineeRow, SubmissionRow } from '../../db/submission-rows.ts';
import type { RecusalPayload, ScoreSheetPayload } from '../../domain/submission.ts';
import { type CriterionFacts, checkRecusal, checkScoreSheet } from '../../domain/submission-rules.ts';
import { type BatchContext, type JurorWorkItem, pushTo, type Refused, toNominee } from './rows.ts';

/** One accepted sheet per (nomination, juror), with every submission row that carried it. */
export interface SheetWrite {
  rows: SubmissionRow[];
  nominee: NomineeRow;
  payload: ScoreSheetPayload;
  /** The payload's scores by criterion id, in criterion id order. */
  scores: { criterionId: string; value: number }[];
}

/** One accepted recusal per (nomination, juror), with every submission row that carried it. */
export interface RecusalWrite {
  rows: SubmissionRow[];
  nominee: NomineeRow;
  payload: RecusalPayload;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** In (nomination, juror) order: concurrent batches take the unique index's locks in the same order. */
function byNomineeAndJuror<T extends { rows: SubmissionRow[]; nominee: NomineeRow }>(list: Iterable<T>): T[] {
  return [...list].sort(
    (a, b) => compare(a.nominee.id, b.nominee.id) || compare(a.rows[0]!.person_id, b.rows[0]!.person_id),
  );
}

/** A sheet's scores keyed by criterion id (the checks made sure every code is known). */
function scoresOf(payload: ScoreSheetPayload, criteria: readonly CriterionFacts[]) {
  const idOf = new Map(criteria.map((c) => [c.code, c.id]));
  return payload.scores
    .map((s) => ({ criterionId: idOf.get(s.criterionCode)!, value: s.value }))
    .sort((a, b) => compare(a.criterionId, b.criterionId));
}

/**
 * Score sheets and recusals checked against the nominees, recusals and criteria of the batch.
 * Accepted ones are merged per (nomination, juror): a later submission of the same sheet replaces
 * an earlier one, and both rows get its outcome.
 */
export function checkJurorWork(
  items: readonly JurorWorkItem[],
  facts: BatchFacts,
  ctx: BatchContext,
): { sheets: SheetWrite[]; recusals: RecusalWrite[]; refused: Refused[] } {
  const nomineeById = new Map(facts.nominees.map((n) => [n.id, n]));
  const recused = new Set(facts.recusals.map((r) => `${r.nomination_id}|${r.juror_id}`));
  const criteriaOf = new Map<string, CriterionFacts[]>();
  for (const c of facts.criteria) pushTo(criteriaOf, c.category_id, c);

  const sheets = new Map<string, SheetWrite>();
  const recusals = new Map<string, RecusalWrite>();
  const refused: Refused[] = [];
  for (const item of items) {
    const { row } = item;
    const n = nomineeById.get(item.payload.nominationId);
    const nominee = n && n.seleksi_id === row.seleksi_id ? n : undefined;
    const phase = row.phase ?? ctx.seleksiById.get(row.seleksi_id)!.phase;
    const juror = ctx.actorOf(row, 'JUROR');
    const key = `${item.payload.nominationId}|${row.person_id}`;
    const criteria = nominee ? (criteriaOf.get(nominee.category_id) ?? []) : [];
    const rejection =
      item.kind === 'SCORE_SHEET'
        ? checkScoreSheet({
            phase,
            juror,
            nominee: nominee ? toNominee(nominee) : null,
            criteria,
            scores: item.payload.scores,
            recused: recused.has(key),
          })
        : checkRecusal({ phase, juror, nominee: nominee ? toNominee(nominee) : null });
    if (rejection) refused.push({ row, rejection });
    else if (item.kind === 'SCORE_SHEET') {
      const rows = sheets.get(key)?.rows ?? [];
      rows.push(row);
      sheets.set(key, {
        rows,
        nominee: nominee!,
        payload: item.payload,
        scores: scoresOf(item.payload, criteria),
      });
    } else {
      const rows = recusals.get(key)?.rows ?? [];
      rows.push(row);
      recusals.set(key, { rows, nominee: nominee!, payload: item.payload });
    }
  }
  return {
    sheets: byNomineeAndJuror(sheets.values()),
    recusals: byNomineeAndJuror(recusals.values()),
    refused,
  };
}

/** Checks the score sheets and recusals of a batch against the facts, then writes the accepted ones. */

import { type CriterionFacts, checkRecusal, checkScoreSheet } from '../../domain/submission-rules.ts';
import type { Facts } from './facts.ts';
import { type Parsed, toNominee, type WriteScope } from './rows.ts';
import { type RecusalWrite, writeRecusals } from './write-recusals.ts';
import { type SheetWrite, writeScoreSheets } from './write-score-sheets.ts';

/** Score sheets and recusals of a batch: facts in a few queries, writes as bulk upserts. */
export async function writeJurorWork(
  scope: WriteScope,
  items: Extract<Parsed, { kind: 'SCORE_SHEET' | 'RECUSAL' }>[],
  facts: Facts,
): Promise<void> {
  const { sql, seleksiById, actorOf, at, decisions, refuse } = scope;
  const { nominees, recusals, criteria: criteriaRows } = facts;
  const nomineeById = new Map(nominees.map((n) => [n.id, n]));
  const recused = new Set(recusals.map((r) => `${r.nomination_id}|${r.juror_id}`));
  const criteriaOf = new Map<string, CriterionFacts[]>();
  for (const c of criteriaRows) criteriaOf.set(c.category_id, [...(criteriaOf.get(c.category_id) ?? []), c]);

  // Accepted writes keyed by (nomination, juror): a later submission of the same sheet replaces an earlier one.
  const sheets = new Map<string, SheetWrite>();
  const recs = new Map<string, RecusalWrite>();
  for (const item of items) {
    const { row } = item;
    const n = nomineeById.get(item.payload.nominationId);
    const nominee = n && n.seleksi_id === row.seleksi_id ? n : undefined;
    const phase = row.phase ?? seleksiById.get(row.seleksi_id)!.phase;
    const juror = actorOf(row, 'JUROR');
    const key = `${item.payload.nominationId}|${row.person_id}`;
    if (item.kind === 'SCORE_SHEET') {
      const refusal = checkScoreSheet({
        phase,
        juror,
        nominee: nominee ? toNominee(nominee) : null,
        criteria: nominee ? (criteriaOf.get(nominee.category_id) ?? []) : [],
        scores: item.payload.scores,
        recused: recused.has(key),
      });
      if (refusal) refuse(row, refusal);
      else
        sheets.set(key, {
          rows: [...(sheets.get(key)?.rows ?? []), row],
          nominee: nominee!,
          payload: item.payload,
        });
    } else {
      const refusal = checkRecusal({ phase, juror, nominee: nominee ? toNominee(nominee) : null });
      if (refusal) refuse(row, refusal);
      else
        recs.set(key, {
          rows: [...(recs.get(key)?.rows ?? []), row],
          nominee: nominee!,
          payload: item.payload,
        });
    }
  }
  const atText = at.toISOString();

  if (sheets.size > 0) await writeScoreSheets(sql, sheets, criteriaOf, atText, decisions);
  if (recs.size > 0) await writeRecusals(sql, recs, atText, decisions);
}

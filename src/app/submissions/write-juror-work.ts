/** Writes the accepted score sheets and recusals of a batch (one bulk statement each). */

import { randomUUID } from 'node:crypto';
import type { RunSql } from '../../db/submission-runner.ts';
import { upsertRecusals, upsertScoreSheets } from '../../db/submission-write-sql.ts';
import type { RecusalWrite, SheetWrite } from './check-juror-work.ts';
import { type RowDecision, recusalDecisions, sheetDecisions } from './decisions.ts';

/** Upserts the sheets with their scores; returns a `written` decision for each row that carried one. */
export async function writeScoreSheets(
  sql: RunSql,
  sheets: readonly SheetWrite[],
  at: Date,
): Promise<RowDecision[]> {
  if (sheets.length === 0) return [];
  const written = await upsertScoreSheets(
    sql,
    sheets.map((s) => ({
      id: randomUUID(),
      seleksiId: s.nominee.seleksi_id,
      nominationId: s.nominee.id,
      jurorId: s.rows[0]!.person_id,
      comment: s.payload.comment ?? null,
      scores: s.scores,
    })),
    at,
  );
  return sheets.flatMap((s, i) => sheetDecisions(s.rows, written[i]!.id, s.nominee));
}

/** Upserts the recusals; returns a `written` decision for each row that carried one. */
export async function writeRecusals(
  sql: RunSql,
  recusals: readonly RecusalWrite[],
  at: Date,
): Promise<RowDecision[]> {
  if (recusals.length === 0) return [];
  const written = await upsertRecusals(
    sql,
    recusals.map((r) => ({
      seleksiId: r.nominee.seleksi_id,
      nominationId: r.nominee.id,
      jurorId: r.rows[0]!.person_id,
      reason: r.payload.reason,
    })),
    at,
  );
  const idOf = new Map(written.map((w) => [`${w.nominationId}|${w.jurorId}`, w.id]));
  return recusals.flatMap((r) =>
    recusalDecisions(r.rows, idOf.get(`${r.nominee.id}|${r.rows[0]!.person_id}`)!, r.nominee),
  );
}

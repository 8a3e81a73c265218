/** Writes a checked batch: nominations one by one under their locks, juror work in bulk. */

import type { RunSql } from '../../db/submission-runner.ts';
import type { CheckedBatch } from './check.ts';
import { type Decision, refusalDecision } from './decisions.ts';
import { writeRecusals, writeScoreSheets } from './write-juror-work.ts';
import { writeNominations } from './write-nominations.ts';

/** Writes what passed the checks; returns the decision for every row of the batch, refused or written. */
export async function writeBatch(sql: RunSql, batch: CheckedBatch, at: Date): Promise<Map<string, Decision>> {
  const decided = [
    ...batch.refused.map(refusalDecision),
    ...(await writeNominations(sql, batch.context, batch.nominations, at)),
    ...(await writeScoreSheets(sql, batch.sheets, at)),
    ...(await writeRecusals(sql, batch.recusals, at)),
  ];
  return new Map(decided.map(({ row, decision }) => [row.id, decision]));
}

/**
 * The checks of a batch that need no database: payload schemas, the seleksi and its deadlines, and
 * the juror work (score sheets, recusals) against the facts read with the locked rows. Pure: they
 * return what passed and what they refused.
 */

import type { BatchFacts, SeleksiRow, SubmissionRow } from '../../db/submission-rows.ts';
import { deadlineFactsOf, lateRefusal } from '../../domain/deadlines.ts';
import type { Actor } from '../../domain/permissions.ts';
import { submissionPayloadSchemas } from '../../domain/submission.ts';
import type { Rejection } from '../../domain/submission-rules.ts';
import { checkJurorWork, type RecusalWrite, type SheetWrite } from './check-juror-work.ts';
import type { BatchContext, Checked, JurorWorkItem, NominationItem, Parsed, Refused } from './rows.ts';

/** Who is who in a batch, from its facts. */
export function batchContext(facts: BatchFacts): BatchContext {
  const seleksiById = new Map(facts.seleksis.map((s) => [s.id, s]));
  const actors = new Map<string, Actor>();
  for (const m of facts.memberships) {
    actors.set(`${m.person_id}|${m.seleksi_id}|${m.role}`, {
      role: m.role,
      regionCode: m.region_code,
      categories: m.categories ?? [],
      personId: m.person_id,
    });
  }
  return {
    seleksiById,
    actorOf: (row, role) => actors.get(`${row.person_id}|${row.seleksi_id}|${role}`) ?? null,
  };
}

/** The row with its payload parsed, or why it is refused (schema, or another seleksi's data). */
function parsePayload(row: SubmissionRow): Rejection | Parsed {
  const check = submissionPayloadSchemas[row.kind]?.safeParse(row.payload);
  if (!check?.success) {
    const issue = check?.error.issues[0];
    const where = issue
      ? `${issue.path.join('.') || 'payload'}: ${issue.message}`
      : `unknown kind ${row.kind}`;
    return {
      reason: 'invalid_payload',
      id: `Data tidak lengkap atau tidak valid (${where}).`,
      en: `The data is incomplete or invalid (${where}).`,
    };
  }
  if ((check.data as { seleksiId: string }).seleksiId !== row.seleksi_id) {
    return {
      reason: 'seleksi_mismatch',
      id: 'Data ini milik seleksi lain.',
      en: 'This data belongs to another seleksi.',
    };
  }
  return { row, kind: row.kind, payload: check.data } as Parsed;
}

/** Rows whose payload passes its schema and names the row's own seleksi. */
export function checkPayloads(pending: readonly SubmissionRow[]): Checked<Parsed> {
  const accepted: Parsed[] = [];
  const refused: Refused[] = [];
  for (const row of pending) {
    const result = parsePayload(row);
    if ('row' in result) accepted.push(result);
    else refused.push({ row, rejection: result });
  }
  return { accepted, refused };
}

/** A row confirmed after the closing deadline of the phase it was confirmed in (domain/deadlines.ts). */
function lateRowRefusal(row: SubmissionRow, seleksi: SeleksiRow) {
  const facts = deadlineFactsOf({
    nominationOpensAt: seleksi.nomination_opens_ms,
    nominationClosesAt: seleksi.nomination_closes_ms,
    scoringClosesAt: seleksi.scoring_closes_ms,
    definition: typeof seleksi.definition === 'string' ? JSON.parse(seleksi.definition) : seleksi.definition,
  });
  const openedAt = row.phase_opened_ms === null ? null : new Date(row.phase_opened_ms);
  const phase = row.phase ?? seleksi.phase;
  return lateRefusal(row.kind, phase, openedAt, facts, new Date(row.created_ms));
}

/** Items whose seleksi exists and which were confirmed before their phase's closing deadline. */
export function checkSeleksis(items: readonly Parsed[], ctx: BatchContext): Checked<Parsed> {
  const accepted: Parsed[] = [];
  const refused: Refused[] = [];
  for (const item of items) {
    const seleksi = ctx.seleksiById.get(item.row.seleksi_id);
    const late = seleksi ? lateRowRefusal(item.row, seleksi) : null;
    if (seleksi && !late) accepted.push(item);
    else if (late) {
      refused.push({
        row: item.row,
        rejection: { reason: 'deadline_passed', id: late.id, en: late.en },
      });
    } else {
      refused.push({
        row: item.row,
        rejection: {
          reason: 'seleksi_not_found',
          id: 'Seleksi ini tidak ditemukan.',
          en: 'This seleksi was not found.',
        },
      });
    }
  }
  return { accepted, refused };
}

/** A batch after its pure checks: what is refused already, and what goes to the writers. */
export interface CheckedBatch {
  context: BatchContext;
  refused: Refused[];
  /** Nominations still to check under their numbering lock (write-nominations.ts). */
  nominations: NominationItem[];
  sheets: SheetWrite[];
  recusals: RecusalWrite[];
}

/** Runs every check that needs no database over the pending rows of a batch (oldest first). */
export function checkBatch(pending: readonly SubmissionRow[], facts: BatchFacts): CheckedBatch {
  const context = batchContext(facts);
  const payloads = checkPayloads(pending);
  const live = checkSeleksis(payloads.accepted, context);
  const nominations = live.accepted.filter((p): p is NominationItem => p.kind === 'NOMINATION');
  const jurorWork = live.accepted.filter((p): p is JurorWorkItem => p.kind !== 'NOMINATION');
  const juror = checkJurorWork(jurorWork, facts, context);
  return {
    context,
    refused: [...payloads.refused, ...live.refused, ...juror.refused],
    nominations,
    sheets: juror.sheets,
    recusals: juror.recusals,
  };
}

/**
 * Turns a batch of pending submission rows into decisions: validates payloads against their schemas,
 * then hands nominations and juror work (score sheets, recusals) to their writers.
 */

import { deadlineFactsOf, lateRefusal } from '../../domain/deadlines.ts';
import type { Actor, RoleName } from '../../domain/permissions.ts';
import { submissionPayloadSchemas } from '../../domain/submission.ts';
import type { Rejection } from '../../domain/submission-rules.ts';
import type { Facts } from './facts.ts';
import { type Decision, type Parsed, rejected, type SeleksiRow, type SubmissionRow } from './rows.ts';
import type { Sql } from './sql-runner.ts';
import { writeJurorWork } from './write-juror-work.ts';
import { writeNominations } from './write-nominations.ts';

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

/** Validates, checks the rules against the facts and writes the records; returns one decision per pending row. */
export async function decide(
  sql: Sql,
  pending: SubmissionRow[],
  facts: Facts,
  at: Date,
): Promise<Map<string, Decision>> {
  const decisions = new Map<string, Decision>();
  const refuse = (row: SubmissionRow, r: Rejection) =>
    decisions.set(row.id, {
      outcome: rejected(r),
      resultRef: null,
      audit: {
        action: 'submission.rejected',
        data: { submissionId: row.id, kind: row.kind, reason: r.reason },
      },
    });

  const parsed: Parsed[] = [];
  for (const row of pending) {
    const schema = submissionPayloadSchemas[row.kind];
    const check = schema?.safeParse(row.payload);
    if (!check?.success) {
      const issue = check?.error.issues[0];
      const where = issue
        ? `${issue.path.join('.') || 'payload'}: ${issue.message}`
        : `unknown kind ${row.kind}`;
      refuse(row, {
        reason: 'invalid_payload',
        messageId: `Data tidak lengkap atau tidak valid (${where}).`,
        messageEn: `The data is incomplete or invalid (${where}).`,
      });
      continue;
    }
    const payload = check.data as { seleksiId: string };
    if (payload.seleksiId !== row.seleksi_id) {
      refuse(row, {
        reason: 'seleksi_mismatch',
        messageId: 'Data ini milik seleksi lain.',
        messageEn: 'This data belongs to another seleksi.',
      });
      continue;
    }
    parsed.push({ row, kind: row.kind, payload: check.data } as Parsed);
  }
  if (parsed.length === 0) return decisions;

  const { seleksis, memberships } = facts;
  const seleksiById = new Map(seleksis.map((s) => [s.id, s]));
  const actors = new Map<string, Actor>();
  for (const m of memberships) {
    actors.set(`${m.person_id}|${m.seleksi_id}|${m.role}`, {
      role: m.role,
      regionCode: m.region_code,
      categories: m.categories ?? [],
      personId: m.person_id,
    });
  }
  const actorOf = (row: SubmissionRow, role: RoleName) =>
    actors.get(`${row.person_id}|${row.seleksi_id}|${role}`) ?? null;

  const live: Parsed[] = [];
  for (const p of parsed) {
    const seleksi = seleksiById.get(p.row.seleksi_id);
    const late = seleksi ? lateRowRefusal(p.row, seleksi) : null;
    if (seleksi && !late) live.push(p);
    else if (late) refuse(p.row, { reason: 'deadline_passed', messageId: late.id, messageEn: late.en });
    else
      refuse(p.row, {
        reason: 'seleksi_not_found',
        messageId: 'Seleksi ini tidak ditemukan.',
        messageEn: 'This seleksi was not found.',
      });
  }

  const nominations = live.filter(
    (p): p is Extract<Parsed, { kind: 'NOMINATION' }> => p.kind === 'NOMINATION',
  );
  const jurorWork = live.filter(
    (p): p is Extract<Parsed, { kind: 'SCORE_SHEET' | 'RECUSAL' }> => p.kind !== 'NOMINATION',
  );
  const scope = { sql, seleksiById, actorOf, at, decisions, refuse };
  if (nominations.length > 0) await writeNominations(scope, nominations);
  if (jurorWork.length > 0) await writeJurorWork(scope, jurorWork, facts);
  return decisions;
}

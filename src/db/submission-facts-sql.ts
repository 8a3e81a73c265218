/** Locks a batch's submission rows and reads everything the submission rules need, in one statement. */

import type { BatchFacts, SubmissionRow } from './submission-rows.ts';
import type { RunSql } from './submission-runner.ts';

/** The locked rows and, as JSON arrays, the facts of the pending ones (one round trip). */
const LOCK_WITH_FACTS = `WITH locked AS (
     SELECT s.id, s.kind::text AS kind, s.seleksi_id, s.person_id, s.channel::text AS channel, s.external_id,
            s.status::text AS status,
            CASE WHEN s.status = 'PENDING' THEN s.payload END AS payload,
            CASE WHEN s.status <> 'PENDING' THEN s.outcome END AS outcome,
            s.result_ref, s.error, s.confirmed_at IS NOT NULL AS confirmed, s.created_at, p.locale,
            CASE WHEN s.status = 'PENDING' THEN coalesce(
              (SELECT pe.to_phase::text FROM phase_event pe
                WHERE pe.seleksi_id = s.seleksi_id AND pe.at <= s.created_at ORDER BY pe.at DESC LIMIT 1),
              (SELECT pe.from_phase::text FROM phase_event pe
                WHERE pe.seleksi_id = s.seleksi_id AND pe.at > s.created_at ORDER BY pe.at LIMIT 1),
              (SELECT se.phase::text FROM seleksi se WHERE se.id = s.seleksi_id)) END AS phase,
            CASE WHEN s.status = 'PENDING' THEN
              (SELECT extract(epoch FROM pe.at) * 1000 FROM phase_event pe
                WHERE pe.seleksi_id = s.seleksi_id AND pe.at <= s.created_at ORDER BY pe.at DESC LIMIT 1)
            END::float8 AS phase_opened_ms,
            (extract(epoch FROM s.created_at) * 1000)::float8 AS created_ms
       FROM submission s LEFT JOIN person p ON p.id = s.person_id
      WHERE s.id = ANY($1::text[])
      ORDER BY s.id
        FOR UPDATE OF s
   ), live AS (
     SELECT seleksi_id, person_id,
            CASE WHEN kind <> 'NOMINATION' AND jsonb_typeof(payload -> 'nominationId') = 'string'
                 THEN payload ->> 'nominationId' END AS nomination_id
       FROM locked WHERE status = 'PENDING'
   )
   SELECT
     (SELECT coalesce(json_agg(l), '[]'::json) FROM locked l) AS rows,
     (SELECT coalesce(json_agg(x), '[]'::json) FROM (
        SELECT id, code, phase::text AS phase, rules,
               (extract(epoch FROM nomination_opens_at) * 1000)::float8 AS nomination_opens_ms,
               (extract(epoch FROM nomination_closes_at) * 1000)::float8 AS nomination_closes_ms,
               (extract(epoch FROM scoring_closes_at) * 1000)::float8 AS scoring_closes_ms,
               jsonb_build_object('timezone', definition -> 'timezone', 'deadlines',
                 jsonb_build_object('reminderDaysBefore', definition -> 'deadlines' -> 'reminderDaysBefore')) AS definition
          FROM seleksi
         WHERE id IN (SELECT seleksi_id FROM live)) x) AS seleksis,
     (SELECT coalesce(json_agg(x), '[]'::json) FROM (
        SELECT person_id, seleksi_id, role::text AS role, region_code, categories FROM membership
         WHERE person_id IN (SELECT person_id FROM live) AND seleksi_id IN (SELECT seleksi_id FROM live)) x)
       AS memberships,
     (SELECT coalesce(json_agg(x), '[]'::json) FROM (
        SELECT n.id, n.seleksi_id, n.category_id, c.code AS category_code, n.region_code, n.number,
               n.status::text AS status, n.submitted_by_id, n.updated_by_id
          FROM nomination n JOIN category c ON c.id = n.category_id
         WHERE n.id IN (SELECT nomination_id FROM live)) x) AS nominees,
     (SELECT coalesce(json_agg(x), '[]'::json) FROM (
        SELECT nomination_id, juror_id FROM recusal
         WHERE nomination_id IN (SELECT nomination_id FROM live)
           AND juror_id IN (SELECT person_id FROM live)) x) AS recusals,
     (SELECT coalesce(json_agg(x ORDER BY x.position, x.code), '[]'::json) FROM (
        SELECT id, category_id, code, min, max, position FROM criterion
         WHERE category_id IN (SELECT category_id FROM nomination
                                WHERE id IN (SELECT nomination_id FROM live))) x) AS criteria`;

/**
 * Locks the submission rows (in id order: concurrent batches never wait on each other in a cycle)
 * and, in the same statement, loads the facts of the PENDING ones — each row's `phase` is the phase
 * its seleksi was in when the user confirmed (the newest phase_event at or before its created_at;
 * before the first event, that event's from_phase; with no events, the current phase) —: their seleksis, the submitters'
 * memberships, the nominees their payloads name, recusals and criteria. A pending row's payload is
 * read, a processed row's stored outcome; not both. Facts may cover rows whose payload turns out
 * invalid; lookups are by key, so that is harmless.
 */
export async function lockSubmissionsWithFacts(
  sql: RunSql,
  ids: readonly string[],
): Promise<{ rows: SubmissionRow[]; facts: BatchFacts }> {
  const result = await sql<Record<'rows' | keyof BatchFacts, unknown>[]>(LOCK_WITH_FACTS, [...ids]);
  const row = result[0]!;
  // node-postgres hands json over as text, Prisma already parsed.
  const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  return {
    rows: parse(row.rows),
    facts: {
      seleksis: parse(row.seleksis),
      memberships: parse(row.memberships),
      nominees: parse(row.nominees),
      recusals: parse(row.recusals),
      criteria: parse(row.criteria),
    },
  };
}

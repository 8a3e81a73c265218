import type { DbChannelName } from '../core/names.ts';
import type { PrismaClient } from './client.ts';

/**
 * The statements of the deadline scheduler (app/deadlines.ts): seleksi with deadlines still ahead of
 * them, the people with work left, their chats, and the record that makes each reminder go out once.
 */

/** A seleksi the scheduler looks at, with when its current phase was opened. */
export interface ScheduledSeleksiRow {
  id: string;
  code: string;
  name: string;
  phase: 'DRAFT' | 'NOMINATION' | 'SCORING';
  nominationOpensAt: Date | null;
  nominationClosesAt: Date | null;
  scoringClosesAt: Date | null;
  definition: unknown;
  /** The newest phase change (the one that opened the current phase); null when none was recorded. */
  openedAt: Date | null;
}

/** Seleksi before CLOSED that have a deadline (one seleksi when `seleksiId` is given). */
export async function listScheduledSeleksi(
  db: PrismaClient,
  seleksiId?: string,
): Promise<ScheduledSeleksiRow[]> {
  return db.$queryRaw<ScheduledSeleksiRow[]>`
    SELECT s.id, s.code, s.name, s.phase::text AS phase,
           s.nomination_opens_at AS "nominationOpensAt", s.nomination_closes_at AS "nominationClosesAt",
           s.scoring_closes_at AS "scoringClosesAt",
           jsonb_build_object('timezone', s.definition -> 'timezone', 'deadlines',
             jsonb_build_object('reminderDaysBefore', s.definition -> 'deadlines' -> 'reminderDaysBefore')) AS definition,
           (SELECT pe.at FROM phase_event pe WHERE pe.seleksi_id = s.id ORDER BY pe.at DESC LIMIT 1) AS "openedAt"
      FROM seleksi s
     WHERE s.phase IN ('DRAFT', 'NOMINATION', 'SCORING')
       AND (s.nomination_opens_at IS NOT NULL OR s.nomination_closes_at IS NOT NULL OR s.scoring_closes_at IS NOT NULL)
       AND (${seleksiId ?? null}::text IS NULL OR s.id = ${seleksiId ?? null}::text)
     ORDER BY s.id`;
}

/**
 * Officers whose kabupaten/kota has no nomination in the seleksi yet (submitted, or confirmed and
 * still queued).
 */
export async function officersWithoutNomination(db: PrismaClient, seleksiId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ person_id: string }[]>`
    SELECT m.person_id
      FROM membership m
     WHERE m.seleksi_id = ${seleksiId} AND m.role = 'OFFICER' AND m.region_code IS NOT NULL
       AND NOT EXISTS (
             SELECT 1 FROM nomination n
              WHERE n.seleksi_id = m.seleksi_id AND n.status = 'SUBMITTED'
                AND split_part(n.region_code, '.', 1) || '.' || split_part(n.region_code, '.', 2)
                  = split_part(m.region_code, '.', 1) || '.' || split_part(m.region_code, '.', 2))
       AND NOT EXISTS (
             SELECT 1 FROM submission sb
              WHERE sb.seleksi_id = m.seleksi_id AND sb.person_id = m.person_id
                AND sb.kind = 'NOMINATION' AND sb.status = 'PENDING')
     ORDER BY m.person_id`;
  return rows.map((r) => r.person_id);
}

/** A person's chat to remind: the one they wrote from last (unblocked), in their language. */
export interface ReminderChat {
  personId: string;
  name: string;
  locale: string;
  channel: DbChannelName;
  externalId: string;
}

/** One chat per person (the most recently used one that has not blocked the bot). */
export async function reminderChats(db: PrismaClient, personIds: readonly string[]): Promise<ReminderChat[]> {
  if (personIds.length === 0) return [];
  return db.$queryRaw<ReminderChat[]>`
    SELECT DISTINCT ON (p.id) p.id AS "personId", p.name, p.locale, ci.channel::text AS channel,
           ci.external_id AS "externalId"
      FROM person p JOIN channel_identity ci ON ci.person_id = p.id
     WHERE p.id = ANY(${[...personIds]}::text[])
       AND (ci.blocked_at IS NULL OR ci.last_inbound_at > ci.blocked_at)
     ORDER BY p.id, ci.last_inbound_at DESC NULLS LAST, ci.created_at DESC`;
}

/** Attempts at a reminder that keeps failing (the chat's channel is not in this process, a blocked chat). */
export const REMINDER_ATTEMPTS = 5;

/**
 * Claims a reminder for one person: its id, or null when it was sent or claimed before (a FAILED one
 * is claimed again while it has attempts left).
 */
export async function claimReminder(
  db: PrismaClient,
  r: { seleksiId: string; personId: string; deadline: string; deadlineAt: Date; daysBefore: number },
): Promise<string | null> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO reminder (id, seleksi_id, person_id, deadline, deadline_at, days_before, sent_at)
    VALUES (gen_random_uuid()::text, ${r.seleksiId}, ${r.personId}, ${r.deadline},
            (${r.deadlineAt.toISOString()}::timestamptz AT TIME ZONE 'UTC'), ${r.daysBefore}::float8,
            now() AT TIME ZONE 'UTC')
    ON CONFLICT (seleksi_id, person_id, deadline, deadline_at, days_before) DO UPDATE
       SET status = 'SENDING', attempts = reminder.attempts + 1, sent_at = now() AT TIME ZONE 'UTC'
     WHERE reminder.status = 'FAILED' AND reminder.attempts < ${REMINDER_ATTEMPTS}
    RETURNING id`;
  return rows[0]?.id ?? null;
}

/** Records the outcome of a claimed reminder: SENT, or FAILED with the error. */
export async function recordReminder(db: PrismaClient, id: string, error: string | null): Promise<void> {
  await db.$executeRaw`
    UPDATE reminder SET status = ${error === null ? 'SENT' : 'FAILED'}, error = ${error} WHERE id = ${id}`;
}

/**
 * Deadlines of a seleksi (definition `deadlines`): which scheduled phase change is due, which
 * reminder is due, and whether a submission came after its phase closed. Pure functions over
 * plain values; the worker's scheduler and the submission checks load the facts.
 *
 * A phase's closing deadline is in force when the phase was opened before it. A phase opened after
 * its deadline (an admin opened it outside the window on purpose) is closed by hand, and nothing
 * submitted in it is refused for lateness.
 */
import type { SubmissionKindName } from '../core/names.ts';
import type { PhaseName, Refusal } from './permissions.ts';

/** The instants of a seleksi's deadlines (null when the definition leaves one out). */
export interface DeadlineFacts {
  nominationOpensAt: Date | null;
  nominationClosesAt: Date | null;
  scoringClosesAt: Date | null;
  /** Reminder offsets in days before each closing deadline. */
  reminderDaysBefore: readonly number[];
  /** The definition's UTC offset ("+08:00"), for showing times. */
  timezone: string;
}

/** A closing deadline by its definition name. */
export type ClosingDeadline = 'nomination_closes' | 'scoring_closes';

const DAY_MS = 86_400_000;

/** The deadline that ends `phase`, when the definition has one. */
export function closingDeadlineOf(
  phase: PhaseName,
  d: DeadlineFacts,
): { name: ClosingDeadline; at: Date } | null {
  if (phase === 'NOMINATION' && d.nominationClosesAt)
    return { name: 'nomination_closes', at: d.nominationClosesAt };
  if (phase === 'SCORING' && d.scoringClosesAt) return { name: 'scoring_closes', at: d.scoringClosesAt };
  return null;
}

/** The closing deadline in force for a phase opened at `openedAt` (null: opened by no recorded change). */
export function deadlineInForce(
  phase: PhaseName,
  openedAt: Date | null,
  d: DeadlineFacts,
): { name: ClosingDeadline; at: Date } | null {
  const closing = closingDeadlineOf(phase, d);
  if (!closing || !openedAt || openedAt.getTime() >= closing.at.getTime()) return null;
  return closing;
}

/** A phase change the definition's times call for now. */
export interface DueStep {
  to: 'NOMINATION' | 'SCORING' | 'CLOSED';
  /** The definition field that set the time. */
  deadline: 'nomination_opens' | ClosingDeadline;
  at: Date;
}

/**
 * The scheduled phase change due at `now`: DRAFT → NOMINATION from nomination_opens (while the
 * nomination window is still open), NOMINATION → SCORING at nomination_closes, SCORING → CLOSED at
 * scoring_closes (both only when in force, see {@link deadlineInForce}).
 */
export function dueStep(
  phase: PhaseName,
  openedAt: Date | null,
  d: DeadlineFacts,
  now: Date,
): DueStep | null {
  const t = now.getTime();
  if (phase === 'DRAFT') {
    const opens = d.nominationOpensAt;
    if (!opens || t < opens.getTime()) return null;
    if (d.nominationClosesAt && t >= d.nominationClosesAt.getTime()) return null;
    return { to: 'NOMINATION', deadline: 'nomination_opens', at: opens };
  }
  const closing = deadlineInForce(phase, openedAt, d);
  if (!closing || t < closing.at.getTime()) return null;
  return { to: phase === 'NOMINATION' ? 'SCORING' : 'CLOSED', deadline: closing.name, at: closing.at };
}

/** A reminder round that is due: the deadline, its instant and the offset that came. */
export interface DueReminder {
  deadline: ClosingDeadline;
  deadlineAt: Date;
  daysBefore: number;
}

/**
 * The reminder due at `now` before the phase's closing deadline: the nearest offset whose time has
 * come (a round whose time passed while a later one is due is skipped), none once the deadline passed.
 */
export function dueReminder(
  phase: PhaseName,
  openedAt: Date | null,
  d: DeadlineFacts,
  now: Date,
): DueReminder | null {
  const closing = deadlineInForce(phase, openedAt, d);
  if (!closing) return null;
  const left = closing.at.getTime() - now.getTime();
  if (left <= 0) return null;
  const came = d.reminderDaysBefore.filter((days) => left <= days * DAY_MS);
  if (came.length === 0) return null;
  return { deadline: closing.name, deadlineAt: closing.at, daysBefore: Math.min(...came) };
}

/** The future instants at which something may become due (phase changes and reminder rounds). */
export function upcomingTimes(phase: PhaseName, openedAt: Date | null, d: DeadlineFacts, now: Date): Date[] {
  const times: number[] = [];
  if (phase === 'DRAFT' && d.nominationOpensAt) times.push(d.nominationOpensAt.getTime());
  const closing = deadlineInForce(phase, openedAt, d);
  if (closing) {
    times.push(closing.at.getTime());
    for (const days of d.reminderDaysBefore) times.push(closing.at.getTime() - days * DAY_MS);
  }
  return times.filter((t) => t > now.getTime()).map((t) => new Date(t));
}

const ZONES: Record<string, string> = { '+07:00': 'WIB', '+08:00': 'WITA', '+09:00': 'WIT' };

/** `2026-06-30 23:59 WITA` (or `UTC+05:30` for an offset without an Indonesian name). */
export function formatDeadline(at: Date, timezone: string): string {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(timezone);
  const offsetMin = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  const local = new Date(at.getTime() + offsetMin * 60_000).toISOString();
  const zone = m ? (ZONES[timezone] ?? `UTC${timezone}`) : 'UTC';
  return `${local.slice(0, 10)} ${local.slice(11, 16)} ${zone}`;
}

/**
 * Refuses a nomination, score sheet or recusal confirmed at `confirmedAt` after the closing
 * deadline of the phase it was confirmed in, with the time it closed.
 */
export function lateRefusal(
  kind: SubmissionKindName,
  phase: PhaseName,
  openedAt: Date | null,
  d: DeadlineFacts,
  confirmedAt: Date,
): Refusal {
  const closing = deadlineInForce(phase, openedAt, d);
  if (!closing || confirmedAt.getTime() <= closing.at.getTime()) return null;
  const when = formatDeadline(closing.at, d.timezone);
  return kind === 'NOMINATION'
    ? {
        id: `Batas waktu nominasi sudah lewat (ditutup ${when}).`,
        en: `The nomination deadline has passed (closed ${when}).`,
      }
    : {
        id: `Batas waktu penilaian sudah lewat (ditutup ${when}).`,
        en: `The scoring deadline has passed (closed ${when}).`,
      };
}

/** Reads the deadline facts from a seleksi row's columns (Dates or epoch ms) and its stored definition JSON. */
export function deadlineFactsOf(row: {
  nominationOpensAt: Date | number | null;
  nominationClosesAt: Date | number | null;
  scoringClosesAt: Date | number | null;
  definition: unknown;
}): DeadlineFacts {
  const def = (row.definition && typeof row.definition === 'object' ? row.definition : {}) as {
    timezone?: unknown;
    deadlines?: { reminderDaysBefore?: unknown };
  };
  const days = def.deadlines?.reminderDaysBefore;
  const date = (v: Date | number | null) => (v === null ? null : new Date(v));
  return {
    nominationOpensAt: date(row.nominationOpensAt),
    nominationClosesAt: date(row.nominationClosesAt),
    scoringClosesAt: date(row.scoringClosesAt),
    reminderDaysBefore: Array.isArray(days)
      ? days.filter((x): x is number => typeof x === 'number' && x > 0)
      : [3, 1],
    timezone: typeof def.timezone === 'string' ? def.timezone : '+07:00',
  };
}

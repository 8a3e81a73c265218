/**
 * What `status` warns about, and the definition's phase windows: pure functions over the status
 * facts, with their texts in both languages (one home for the CLI's status, the admin's chat
 * status and `seleksi open`'s window check).
 */
import type { PhaseName } from '../domain/permissions.ts';
import type { Locale } from '../flow-engine/api.ts';

export type DeadlineName = 'nominationOpensAt' | 'nominationClosesAt' | 'scoringClosesAt';
export type Deadlines = Record<DeadlineName, string | null>;

/** Something an admin should act on. */
export type StatusWarning =
  | { kind: 'no-juror'; category: string; nominations: number }
  | { kind: 'deadline'; deadline: DeadlineName; at: string };

/** The calendar day of an instant at a UTC offset ("+08:00"); '-' for null. */
export function localDay(iso: string | null, timezone: string): string {
  if (!iso) return '-';
  const sign = timezone.startsWith('-') ? -1 : 1;
  const [h, m] = timezone.slice(1).split(':').map(Number);
  const shifted = new Date(Date.parse(iso) + sign * ((h ?? 0) * 60 + (m ?? 0)) * 60_000);
  return shifted.toISOString().slice(0, 10);
}

/** The deadlines the current phase should have moved on at, and that have passed. */
const WATCHED: Partial<Record<PhaseName, DeadlineName[]>> = {
  DRAFT: ['nominationOpensAt', 'nominationClosesAt'],
  NOMINATION: ['nominationClosesAt'],
  SCORING: ['scoringClosesAt'],
};

/** Deadlines of the definition that passed while the seleksi is still in the phase they end. */
export function passedDeadlines(phase: PhaseName, deadlines: Deadlines, now: Date): StatusWarning[] {
  return (WATCHED[phase] ?? []).flatMap((deadline) => {
    const at = deadlines[deadline];
    return at && Date.parse(at) <= now.getTime() ? [{ kind: 'deadline' as const, deadline, at }] : [];
  });
}

/** Categories that have nominees and no juror to score them. */
export function categoriesWithoutJuror(
  byCategory: Record<string, number>,
  jurors: readonly { categories: string[] }[],
): StatusWarning[] {
  const covered = new Set(jurors.flatMap((j) => j.categories));
  return Object.entries(byCategory)
    .filter(([code, n]) => n > 0 && !covered.has(code))
    .map(([category, nominations]) => ({ kind: 'no-juror' as const, category, nominations }));
}

const DEADLINE_LABEL: Record<DeadlineName, Record<Locale, string>> = {
  nominationOpensAt: { id: 'pembukaan nominasi', en: 'nomination opening' },
  nominationClosesAt: { id: 'penutupan nominasi', en: 'nomination closing' },
  scoringClosesAt: { id: 'penutupan penilaian', en: 'scoring closing' },
};

/** A warning as one line (without the ⚠️), in one language. */
export function warningText(w: StatusWarning, locale: Locale, timezone: string): string {
  if (w.kind === 'no-juror') {
    return locale === 'id'
      ? `kategori ${w.category} punya ${w.nominations} nominasi tetapi belum ada juri`
      : `category ${w.category} has ${w.nominations} nominations but no juror`;
  }
  const day = localDay(w.at, timezone);
  const label = DEADLINE_LABEL[w.deadline][locale];
  return locale === 'id'
    ? `tenggat ${label} (${day}) sudah lewat`
    : `the ${label} deadline (${day}) has passed`;
}

/** The definition's window for opening a phase: nomination from its opening to its closing, scoring up to its closing. */
export function phaseWindow(
  target: 'NOMINATION' | 'SCORING',
  deadlines: Deadlines,
): { from: string | null; to: string | null } {
  return target === 'NOMINATION'
    ? { from: deadlines.nominationOpensAt, to: deadlines.nominationClosesAt }
    : { from: deadlines.nominationClosesAt, to: deadlines.scoringClosesAt };
}

/** Why opening `target` now is outside the definition's window (one line, id/en); null inside it. */
export function outsideWindow(
  code: string,
  target: 'NOMINATION' | 'SCORING',
  deadlines: Deadlines,
  timezone: string,
  now: Date,
): string | null {
  const { from, to } = phaseWindow(target, deadlines);
  const early = from !== null && now.getTime() < Date.parse(from);
  const late = to !== null && now.getTime() > Date.parse(to);
  if (!early && !late) return null;
  const window = `${localDay(from, timezone)} – ${localDay(to, timezone)}, UTC${timezone}`;
  const phase = target === 'NOMINATION' ? ['nominasi', 'nomination'] : ['penilaian', 'scoring'];
  return (
    `${code}: jadwal ${phase[0]} menurut definisi adalah ${window}, dan sekarang ${early ? 'belum mulai' : 'sudah lewat'}; ` +
    `tambahkan --force untuk tetap membuka (the ${phase[1]} window of the definition is ${window} and it ` +
    `${early ? 'has not begun' : 'has passed'}; add --force to open anyway)`
  );
}

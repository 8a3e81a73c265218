import type { PrismaClient } from '../db/client.ts';
import { isConflictOfInterest, type PhaseName, type RoleName } from '../domain/permissions.ts';
import { findSeleksi } from './invites.ts';

/** A nomination as far as juror progress cares. */
export interface ProgressNomination {
  id: string;
  categoryCode: string;
  regionCode: string;
}

export interface JurorProgress {
  personId: string;
  name: string;
  homeRegion: string | null;
  categories: string[];
  /** Score sheets handed in for nominations they are expected to score. */
  done: number;
  /** Nominations of their categories, minus their own kabupaten/kota, minus their recusals. */
  expected: number;
  recused: number;
  conflicts: number;
}

/**
 * One juror's progress: expected = nominations of their categories minus those from their own
 * kabupaten/kota (conflict of interest) minus the ones they recused from. Pure.
 */
export function jurorProgress(
  juror: { personId: string; name: string; homeRegion: string | null; categories: string[] },
  nominations: readonly ProgressNomination[],
  sheets: ReadonlySet<string>,
  recusals: ReadonlySet<string>,
): JurorProgress {
  let expected = 0;
  let done = 0;
  let recused = 0;
  let conflicts = 0;
  for (const n of nominations) {
    if (!juror.categories.includes(n.categoryCode)) continue;
    if (isConflictOfInterest(juror.homeRegion, n.regionCode)) {
      conflicts++;
      continue;
    }
    const key = `${n.id}|${juror.personId}`;
    if (recusals.has(key)) {
      recused++;
      continue;
    }
    expected++;
    if (sheets.has(key)) done++;
  }
  return { ...juror, done, expected, recused, conflicts };
}

export interface BroadcastProgress {
  id: string;
  kind: string;
  status: string;
  total: number;
  sent: number;
  failed: number;
  /** The sender died during the platform call: maybe delivered (see publish --resend-unknown). */
  unknown: number;
  skipped: number;
  cancelled: number;
  /** Still to send (PENDING and SENDING). */
  pending: number;
}

/** Everything `seleksi status` shows; also the `--json` document. */
export interface SeleksiStatus {
  id: string;
  code: string;
  name: string;
  level: string;
  year: number;
  region: { code: string; name: string };
  phase: PhaseName;
  /** UTC offset of the definition file (plain dates were read in it), e.g. +08:00. */
  timezone: string;
  deadlines: {
    nominationOpensAt: string | null;
    nominationClosesAt: string | null;
    scoringClosesAt: string | null;
  };
  counts: {
    categories: number;
    invites: Record<RoleName, { issued: number; used: number }>;
    members: Record<RoleName, number>;
    nominations: { total: number; byCategory: Record<string, number> };
    scoreSheets: { done: number; expected: number };
    submissions: { pending: number; failed: number; done: number };
  };
  jurors: JurorProgress[];
  broadcasts: BroadcastProgress[];
}

function definitionTimezone(definition: unknown): string {
  const tz = (definition as { timezone?: unknown } | null)?.timezone;
  return typeof tz === 'string' && /^[+-]\d{2}:\d{2}$/.test(tz) ? tz : '+07:00';
}

/** The calendar day of an instant at a UTC offset ("+08:00"); '-' for null. */
export function localDay(iso: string | null, timezone: string): string {
  if (!iso) return '-';
  const sign = timezone.startsWith('-') ? -1 : 1;
  const [h, m] = timezone.slice(1).split(':').map(Number);
  const shifted = new Date(Date.parse(iso) + sign * ((h ?? 0) * 60 + (m ?? 0)) * 60_000);
  return shifted.toISOString().slice(0, 10);
}

const ROLES: RoleName[] = ['OFFICER', 'JUROR', 'MEMBER', 'ADMIN'];

function byRole<T>(make: () => T): Record<RoleName, T> {
  return Object.fromEntries(ROLES.map((r) => [r, make()])) as Record<RoleName, T>;
}

/** Gathers the status of a seleksi (by id or code). Throws SeleksiNotFoundError when unknown. */
export async function getSeleksiStatus(prisma: PrismaClient, ref: string): Promise<SeleksiStatus> {
  const seleksi = await findSeleksi(prisma, ref);
  const seleksiId = seleksi.id;
  const codeOf = new Map(seleksi.categories.map((c) => [c.id, c.code]));

  const [invites, members, nominations, sheets, recusals, submissions, jurors, broadcasts] =
    await Promise.all([
      prisma.invite.groupBy({ by: ['role'], where: { seleksiId }, _count: { _all: true, usedAt: true } }),
      prisma.membership.groupBy({ by: ['role'], where: { seleksiId }, _count: { _all: true } }),
      prisma.nomination.findMany({
        where: { seleksiId, status: 'SUBMITTED' },
        select: { id: true, categoryId: true, regionCode: true },
      }),
      prisma.scoreSheet.findMany({ where: { seleksiId }, select: { nominationId: true, jurorId: true } }),
      prisma.recusal.findMany({ where: { seleksiId }, select: { nominationId: true, jurorId: true } }),
      prisma.submission.groupBy({ by: ['status'], where: { seleksiId }, _count: { _all: true } }),
      prisma.membership.findMany({
        where: { seleksiId, role: 'JUROR' },
        select: { personId: true, regionCode: true, categories: true, person: { select: { name: true } } },
        orderBy: { createdAt: 'asc' },
      }),
      prisma.broadcast.findMany({ where: { seleksiId }, orderBy: { createdAt: 'asc' } }),
    ]);

  const inviteCounts = byRole(() => ({ issued: 0, used: 0 }));
  for (const g of invites) inviteCounts[g.role] = { issued: g._count._all, used: g._count.usedAt };
  const memberCounts = byRole(() => 0);
  for (const g of members) memberCounts[g.role] = g._count._all;

  const byCategory: Record<string, number> = Object.fromEntries(seleksi.categories.map((c) => [c.code, 0]));
  const progressNoms: ProgressNomination[] = nominations.map((n) => ({
    id: n.id,
    categoryCode: codeOf.get(n.categoryId) ?? '?',
    regionCode: n.regionCode,
  }));
  for (const n of progressNoms) byCategory[n.categoryCode] = (byCategory[n.categoryCode] ?? 0) + 1;

  const sheetKeys = new Set(sheets.map((s) => `${s.nominationId}|${s.jurorId}`));
  const recusalKeys = new Set(recusals.map((r) => `${r.nominationId}|${r.jurorId}`));
  const jurorRows = jurors.map((j) =>
    jurorProgress(
      { personId: j.personId, name: j.person.name, homeRegion: j.regionCode, categories: j.categories },
      progressNoms,
      sheetKeys,
      recusalKeys,
    ),
  );

  const submissionCounts = { pending: 0, failed: 0, done: 0 };
  for (const g of submissions) {
    if (g.status === 'PENDING') submissionCounts.pending = g._count._all;
    else if (g.status === 'FAILED') submissionCounts.failed = g._count._all;
    else if (g.status === 'DONE') submissionCounts.done = g._count._all;
  }

  const deliveries =
    broadcasts.length === 0
      ? []
      : await prisma.delivery.groupBy({
          by: ['broadcastId', 'status'],
          where: { broadcastId: { in: broadcasts.map((b) => b.id) } },
          _count: { _all: true },
        });
  const broadcastRows: BroadcastProgress[] = broadcasts.map((b) => {
    const count = (status: string) =>
      deliveries.find((d) => d.broadcastId === b.id && d.status === status)?._count._all ?? 0;
    return {
      id: b.id,
      kind: b.kind,
      status: b.status,
      total: b.total,
      sent: count('SENT'),
      failed: count('FAILED'),
      unknown: count('UNKNOWN'),
      skipped: count('SKIPPED'),
      cancelled: count('CANCELLED'),
      pending: count('PENDING') + count('SENDING'),
    };
  });

  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: seleksi.id,
    code: seleksi.code,
    name: seleksi.name,
    level: seleksi.level,
    year: seleksi.year,
    region: { code: seleksi.region.code, name: seleksi.region.name },
    phase: seleksi.phase,
    timezone: definitionTimezone(seleksi.definition),
    deadlines: {
      nominationOpensAt: iso(seleksi.nominationOpensAt),
      nominationClosesAt: iso(seleksi.nominationClosesAt),
      scoringClosesAt: iso(seleksi.scoringClosesAt),
    },
    counts: {
      categories: seleksi.categories.length,
      invites: inviteCounts,
      members: memberCounts,
      nominations: { total: progressNoms.length, byCategory },
      scoreSheets: {
        done: jurorRows.reduce((s, j) => s + j.done, 0),
        expected: jurorRows.reduce((s, j) => s + j.expected, 0),
      },
      submissions: submissionCounts,
    },
    jurors: jurorRows,
    broadcasts: broadcastRows,
  };
}

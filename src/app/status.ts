import type pg from 'pg';
import { ROLES } from '../core/names.ts';
import { type PrismaClient, pgPoolOf } from '../db/client.ts';
import {
  loadJurorCounts,
  loadStatusBroadcasts,
  loadStatusCounts,
  loadStatusJurors,
  type StatusCountRow,
} from '../db/status-sql.ts';
import { kabupatenOf, type PhaseName, type RoleName } from '../domain/permissions.ts';
import { findSeleksi } from './invites.ts';
import {
  categoriesWithoutJuror,
  type Deadlines,
  passedDeadlines,
  type StatusWarning,
} from './status-warnings.ts';

export { localDay } from './status-warnings.ts';

export interface JurorProgress {
  personId: string;
  name: string;
  /** Home region code (kabupaten/kota) and its name; null when none was given. */
  homeRegion: string | null;
  homeRegionName: string | null;
  categories: string[];
  /** Score sheets handed in for nominations they are expected to score. */
  done: number;
  /** Nominations of their categories, minus their own kabupaten/kota, minus their recusals. */
  expected: number;
  recused: number;
  conflicts: number;
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
  deadlines: Deadlines;
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
  /** Deadlines passed in the current phase, categories with nominees and no juror. */
  warnings: StatusWarning[];
}

/** A seleksi's phase deadlines (ISO instants) and the UTC offset its definition's plain dates use. */
export function deadlinesOf(seleksi: {
  nominationOpensAt: Date | null;
  nominationClosesAt: Date | null;
  scoringClosesAt: Date | null;
  definition: unknown;
}): { deadlines: Deadlines; timezone: string } {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    deadlines: {
      nominationOpensAt: iso(seleksi.nominationOpensAt),
      nominationClosesAt: iso(seleksi.nominationClosesAt),
      scoringClosesAt: iso(seleksi.scoringClosesAt),
    },
    timezone: definitionTimezone(seleksi.definition),
  };
}

function definitionTimezone(definition: unknown): string {
  const tz = (definition as { timezone?: unknown } | null)?.timezone;
  return typeof tz === 'string' && /^[+-]\d{2}:\d{2}$/.test(tz) ? tz : '+07:00';
}

function byRole<T>(make: () => T): Record<RoleName, T> {
  return Object.fromEntries(ROLES.map((r) => [r, make()])) as Record<RoleName, T>;
}

/** The juror progress rows: the jurors, then their counts, both aggregated in Postgres. */
async function jurorProgress(pool: pg.Pool, seleksiId: string): Promise<JurorProgress[]> {
  const jurors = await loadStatusJurors(pool, seleksiId);
  const counts = await loadJurorCounts(
    pool,
    seleksiId,
    jurors.map((j) => ({ personId: j.person_id, kabupaten: kabupatenOf(j.region_code) })),
  );
  const byId = new Map(counts.map((c) => [c.person_id, c]));
  return jurors.map((j) => {
    const c = byId.get(j.person_id);
    const total = c?.total ?? 0;
    const conflicts = c?.conflicts ?? 0;
    const recused = c?.recused ?? 0;
    return {
      personId: j.person_id,
      name: j.name,
      homeRegion: j.region_code,
      homeRegionName: j.region_name,
      categories: j.categories,
      done: c?.done ?? 0,
      expected: total - conflicts - recused,
      recused,
      conflicts,
    };
  });
}

/** The broadcasts with their deliveries counted per status. */
async function broadcastRows(pool: pg.Pool, seleksiId: string): Promise<BroadcastProgress[]> {
  const broadcasts = await loadStatusBroadcasts(pool, seleksiId);
  return broadcasts.map((b) => {
    const count = (status: string) => b.counts[status] ?? 0;
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
}

/** The counts of {@link SeleksiStatus} other than the jurors' (one statement's groups). */
function countsOf(rows: readonly StatusCountRow[]) {
  const invites = byRole(() => ({ issued: 0, used: 0 }));
  const members = byRole(() => 0);
  const byCategory: Record<string, number> = {};
  const submissions = { pending: 0, failed: 0, done: 0 };
  for (const r of rows) {
    if (r.part === 'category') byCategory[r.key] = r.n;
    else if (r.part === 'invite') invites[r.key as RoleName] = { issued: r.n, used: r.used };
    else if (r.part === 'member') members[r.key as RoleName] = r.n;
    else if (r.key === 'PENDING' || r.key === 'FAILED' || r.key === 'DONE') {
      submissions[r.key.toLowerCase() as keyof typeof submissions] = r.n;
    }
  }
  return { invites, members, byCategory, submissions };
}

/** Gathers the status of a seleksi (by id or code). Throws SeleksiNotFoundError when unknown. */
export async function getSeleksiStatus(
  prisma: PrismaClient,
  ref: string,
  now = new Date(),
): Promise<SeleksiStatus> {
  const seleksi = await findSeleksi(prisma, ref);
  const seleksiId = seleksi.id;
  const pool = pgPoolOf(prisma);
  const [counts, jurors, broadcasts] = await Promise.all([
    loadStatusCounts(pool, seleksiId),
    jurorProgress(pool, seleksiId),
    broadcastRows(pool, seleksiId),
  ]);
  const { invites, members, byCategory, submissions } = countsOf(counts);

  const { deadlines, timezone } = deadlinesOf(seleksi);
  return {
    id: seleksi.id,
    code: seleksi.code,
    name: seleksi.name,
    level: seleksi.level,
    year: seleksi.year,
    region: { code: seleksi.region.code, name: seleksi.region.name },
    phase: seleksi.phase,
    timezone,
    deadlines,
    counts: {
      categories: seleksi.categories.length,
      invites,
      members,
      nominations: { total: Object.values(byCategory).reduce((sum, n) => sum + n, 0), byCategory },
      scoreSheets: {
        done: jurors.reduce((sum, j) => sum + j.done, 0),
        expected: jurors.reduce((sum, j) => sum + j.expected, 0),
      },
      submissions,
    },
    jurors,
    broadcasts,
    warnings: [
      ...passedDeadlines(seleksi.phase, deadlines, now),
      ...categoriesWithoutJuror(byCategory, jurors),
    ],
  };
}

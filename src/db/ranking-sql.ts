/**
 * The statements of closing and ranking: the facts a ranking is computed from (score sheets, the
 * panel, recusals, sheets still queued) and the frozen ranking itself. Every value is a bound
 * parameter. Score sheets come one row per (nomination, juror) with their values in the category's
 * criterion order, so a national close moves 50,000 rows, not 250,000.
 */
import type { PrismaClient, Tx } from './client.ts';

type Db = PrismaClient | Tx;

/** The score sheets of one nomination: `juror_id:v1,v2,…;juror_id:…`, values in criterion id order. */
export interface NominationSheetsRow {
  nomination_id: string;
  sheets: string;
}

/**
 * Every score sheet of the seleksi's submitted nominations, one row per nomination (10,000 rows for a
 * national seleksi, not 250,000). Within a sheet the values are in the order of their criterion
 * ids (byte order, COLLATE "C"): the caller maps them to the category's criteria. Scores are read
 * along their primary key (nomination, juror, criterion), so the grouping needs no big sort.
 */
export function loadScoreSheets(db: Db, seleksiId: string): Promise<NominationSheetsRow[]> {
  return db.$queryRaw<NominationSheetsRow[]>`
    SELECT nomination_id, string_agg(juror_id || ':' || vals, ';') AS sheets
      FROM (SELECT s.nomination_id, s.juror_id,
                   string_agg(s.value::text, ',' ORDER BY s.criterion_id COLLATE "C") AS vals
              FROM score s JOIN nomination n ON n.id = s.nomination_id
             WHERE n.seleksi_id = ${seleksiId} AND n.status = 'SUBMITTED'
             GROUP BY s.nomination_id, s.juror_id) sheet
     GROUP BY nomination_id`;
}

/** When each score sheet was submitted (exports list it per score). */
export function loadSheetTimes(
  db: Db,
  seleksiId: string,
): Promise<{ nomination_id: string; juror_id: string; submitted_at: Date }[]> {
  return db.$queryRaw`
    SELECT nomination_id, juror_id, submitted_at FROM score_sheet WHERE seleksi_id = ${seleksiId}`;
}

/** A submitted nomination as the ranking needs it. */
export interface NomineeRow {
  id: string;
  number: string;
  category: string;
  region: string;
  region_name: string | null;
  name: string;
  submitted_at: Date;
  /** Who nominated it and who changed it last (never its juror). */
  nominatedBy: string[];
}

/** A juror of the seleksi, in the order they joined (their public number is their place in it). */
export interface JurorRow {
  person_id: string;
  name: string;
  home_region: string | null;
  categories: string[];
}

/** The panel: nominees, jurors, recusals, and score sheets still in the queue. */
export interface PanelRows {
  nominees: NomineeRow[];
  jurors: JurorRow[];
  recusals: { nomination_id: string; juror_id: string; reason: string }[];
  /** Score sheets confirmed and not yet processed: `nomination_id|juror_id`. */
  inFlight: { nomination_id: string; juror_id: string }[];
}

/** Loads the panel of a seleksi. */
export async function loadPanel(db: Db, seleksiId: string): Promise<PanelRows> {
  const [nominees, jurors, recusals, inFlight] = await Promise.all([
    db.$queryRaw<NomineeRow[]>`
      SELECT n.id, n.number, c.code AS category, n.region_code AS region, r.name AS region_name,
             n.nominee_name AS name, n.submitted_at,
             array_remove(ARRAY[n.submitted_by_id, n.updated_by_id], NULL) AS "nominatedBy"
        FROM nomination n
        JOIN category c ON c.id = n.category_id
        LEFT JOIN region r ON r.code = n.region_code
       WHERE n.seleksi_id = ${seleksiId} AND n.status = 'SUBMITTED'
       ORDER BY n.number`,
    db.$queryRaw<JurorRow[]>`
      SELECT m.person_id, p.name, m.region_code AS home_region, m.categories
        FROM membership m JOIN person p ON p.id = m.person_id
       WHERE m.seleksi_id = ${seleksiId} AND m.role = 'JUROR'
       ORDER BY m.created_at, m.person_id`,
    db.$queryRaw<PanelRows['recusals']>`
      SELECT nomination_id, juror_id, reason FROM recusal WHERE seleksi_id = ${seleksiId}`,
    db.$queryRaw<PanelRows['inFlight']>`
      SELECT payload ->> 'nominationId' AS nomination_id, person_id AS juror_id
        FROM submission
       WHERE seleksi_id = ${seleksiId} AND status = 'PENDING' AND kind = 'SCORE_SHEET'`,
  ]);
  return { nominees, jurors, recusals, inFlight };
}

/** A ranking entry to store. */
export interface EntryWrite {
  categoryCode: string;
  nominationId: string;
  rank: number | null;
  finalScore: number | null;
  tieBreakRule: string | null;
  tieNote: unknown;
  award: string | null;
  flag: string | null;
  detail: unknown;
}

/** A frozen ranking to store. */
export interface RankingWrite {
  seleksiId: string;
  digest: string;
  closedAt: Date | null;
  forced: boolean;
  missing: unknown;
  meta: unknown;
  entries: EntryWrite[];
}

/**
 * Stores a frozen ranking and its entries (one bulk insert), unless one with the same digest is
 * there already. Returns the id of the stored ranking and whether it was new.
 */
export async function saveRanking(tx: Tx, r: RankingWrite): Promise<{ id: string; created: boolean }> {
  const found = await tx.ranking.findUnique({
    where: { seleksiId_digest: { seleksiId: r.seleksiId, digest: r.digest } },
    select: { id: true },
  });
  if (found) return { id: found.id, created: false };
  const ranking = await tx.ranking.create({
    data: {
      seleksiId: r.seleksiId,
      digest: r.digest,
      closedAt: r.closedAt,
      forced: r.forced,
      missing: r.missing as object,
      meta: r.meta as object,
    },
    select: { id: true },
  });
  const e = r.entries;
  await tx.$executeRaw`
    INSERT INTO ranking_entry (id, ranking_id, category_code, nomination_id, rank, final_score, tie_break_rule,
                               tie_note, award, flag, detail)
    SELECT gen_random_uuid()::text, ${ranking.id}, x.category_code, x.nomination_id, x.rank, x.final_score,
           x.tie_break_rule, x.tie_note::jsonb, x.award, x.flag, x.detail::jsonb
      FROM unnest(${e.map((x) => x.categoryCode)}::text[], ${e.map((x) => x.nominationId)}::text[],
                  ${e.map((x) => x.rank)}::int[], ${e.map((x) => x.finalScore)}::float8[],
                  ${e.map((x) => x.tieBreakRule)}::text[], ${e.map((x) => (x.tieNote === null ? null : JSON.stringify(x.tieNote)))}::text[],
                  ${e.map((x) => x.award)}::text[], ${e.map((x) => x.flag)}::text[],
                  ${e.map((x) => JSON.stringify(x.detail))}::text[])
           AS x(category_code, nomination_id, rank, final_score, tie_break_rule, tie_note, award, flag, detail)`;
  return { id: ranking.id, created: true };
}

/** A stored ranking entry with its nominee. */
export interface StoredEntryRow {
  category_code: string;
  nomination_id: string;
  number: string;
  name: string;
  region: string;
  region_name: string | null;
  rank: number | null;
  final_score: number | null;
  tie_note: unknown;
  award: string | null;
  flag: string | null;
  detail: unknown;
}

/** The newest frozen ranking of a seleksi (null when it was never closed), entries in ranking order. */
export async function loadLatestRanking(db: Db, seleksiId: string, category?: string) {
  const ranking = await db.ranking.findFirst({
    where: { seleksiId, frozen: true },
    orderBy: { computedAt: 'desc' },
  });
  if (!ranking) return null;
  const entries = await db.$queryRaw<StoredEntryRow[]>`
    SELECT e.category_code, e.nomination_id, n.number, n.nominee_name AS name, n.region_code AS region,
           r.name AS region_name, e.rank, e.final_score, e.tie_note, e.award, e.flag, e.detail
      FROM ranking_entry e
      JOIN nomination n ON n.id = e.nomination_id
      JOIN category c ON c.seleksi_id = n.seleksi_id AND c.code = e.category_code
      LEFT JOIN region r ON r.code = n.region_code
     WHERE e.ranking_id = ${ranking.id} AND (${category ?? null}::text IS NULL OR e.category_code = ${category ?? null})
     ORDER BY c.position, c.code, (e.detail ->> 'position')::int`;
  return { ranking, entries };
}

/**
 * How many of the seleksi's submissions a worker has processed. Each is processed once, so an
 * unchanged count means nothing was written in between (score sheets, recusals, nominations).
 */
export async function processedSubmissions(db: Db, seleksiId: string): Promise<number> {
  const rows = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM submission WHERE seleksi_id = ${seleksiId} AND status <> 'PENDING'`;
  return rows[0]?.n ?? 0;
}

/** The newest phase change of a seleksi into CLOSED (the close a re-run waits behind), if any. */
export async function latestCloseEvent(
  db: Db,
  seleksiId: string,
): Promise<{ eventId: string; at: Date } | null> {
  const rows = await db.$queryRaw<{ eventId: string; at: Date }[]>`
    SELECT id AS "eventId", at FROM phase_event
     WHERE seleksi_id = ${seleksiId} AND to_phase = 'CLOSED'
     ORDER BY at DESC LIMIT 1`;
  return rows[0] ?? null;
}

/**
 * The statements of `seleksi status` (and the admin's `status` in chat): every count is an aggregate
 * in Postgres, so what reaches Node is one row per category, per juror and per (kind, status) —
 * never one row per nomination or score sheet. Every value is a bound parameter.
 */
import type { PrismaClient, Tx } from './client.ts';

type Db = PrismaClient | Tx;

/** One juror of the seleksi, with the name of their home region. */
export interface StatusJurorRow {
  person_id: string;
  name: string;
  region_code: string | null;
  region_name: string | null;
  categories: string[];
}

/** The jurors in the order they joined, with their home kabupaten/kota's name. */
export function loadStatusJurors(db: Db, seleksiId: string): Promise<StatusJurorRow[]> {
  return db.$queryRaw<StatusJurorRow[]>`
    SELECT m.person_id, p.name, m.region_code, r.name AS region_name, m.categories
      FROM membership m
      JOIN person p ON p.id = m.person_id
      LEFT JOIN region r ON r.code = m.region_code
     WHERE m.seleksi_id = ${seleksiId} AND m.role = 'JUROR'
     ORDER BY m.created_at, m.person_id`;
}

/** Submitted nominations per category code (every category, 0 included), in the definition's order. */
export function loadNominationCounts(db: Db, seleksiId: string): Promise<{ code: string; n: number }[]> {
  return db.$queryRaw<{ code: string; n: number }[]>`
    SELECT c.code, count(n.id)::int AS n
      FROM category c
      LEFT JOIN nomination n ON n.category_id = c.id AND n.status = 'SUBMITTED'
     WHERE c.seleksi_id = ${seleksiId}
     GROUP BY c.code, c.position
     ORDER BY c.position`;
}

/** One juror's counts over the submitted nominations of their categories. */
export interface JurorCountsRow {
  person_id: string;
  /** Nominations of their categories. */
  total: number;
  /** Of those, from their own kabupaten/kota. */
  conflicts: number;
  /** Recusals from nominations of their categories outside their kabupaten/kota. */
  recused: number;
  /** Score sheets on nominations of their categories outside their kabupaten/kota, not recused. */
  done: number;
}

/**
 * The counts behind each juror's progress. `kabupaten` is each juror's home kabupaten/kota as the
 * domain defines it (domain/permissions kabupatenOf; null: no automatic conflict); a nomination is
 * theirs to skip when its region is that kabupaten or lies inside it (code prefix `63.03.`).
 * Nominations, score sheets and recusals are each first counted per (juror, category, region) —
 * tens of thousands of groups at most, aggregated as they are read, with no sort — and only those
 * groups are matched with the jurors' categories and home kabupaten.
 */
export function loadJurorCounts(
  db: Db,
  seleksiId: string,
  jurors: readonly { personId: string; kabupaten: string | null }[],
): Promise<JurorCountsRow[]> {
  if (jurors.length === 0) return Promise.resolve([]);
  const ids = jurors.map((j) => j.personId);
  const kabs = jurors.map((j) => j.kabupaten);
  return db.$queryRaw<JurorCountsRow[]>`
    WITH j AS (
      SELECT k.person_id, k.kab, m.categories
        FROM unnest(${ids}::text[], ${kabs}::text[]) AS k(person_id, kab)
        JOIN membership m ON m.person_id = k.person_id AND m.seleksi_id = ${seleksiId} AND m.role = 'JUROR'
    ), jc AS (
      SELECT j.person_id, j.kab, c.id AS category_id
        FROM j JOIN category c ON c.seleksi_id = ${seleksiId} AND c.code = ANY (j.categories)
    ), nominations AS (
      SELECT category_id, region_code, count(*)::int AS n
        FROM nomination
       WHERE seleksi_id = ${seleksiId} AND status = 'SUBMITTED'
       GROUP BY category_id, region_code
    ), sheets AS (
      SELECT s.juror_id, n.category_id, n.region_code, count(*)::int AS n
        FROM score_sheet s JOIN nomination n ON n.id = s.nomination_id AND n.status = 'SUBMITTED'
       WHERE s.seleksi_id = ${seleksiId}
       GROUP BY s.juror_id, n.category_id, n.region_code
    ), recusals AS (
      SELECT r.juror_id, n.category_id, n.region_code, count(*)::int AS n, count(x.has)::int AS with_sheet
        FROM recusal r
        JOIN nomination n ON n.id = r.nomination_id AND n.status = 'SUBMITTED'
        -- One index probe per recusal (few), never a pass over every sheet.
        LEFT JOIN LATERAL (SELECT 1 AS has FROM score_sheet s
                            WHERE s.nomination_id = r.nomination_id AND s.juror_id = r.juror_id LIMIT 1) x ON true
       WHERE r.seleksi_id = ${seleksiId}
       GROUP BY r.juror_id, n.category_id, n.region_code
    ), counted AS (
      SELECT jc.person_id, jc.kab, g.region_code, g.n AS total, 0 AS sheets, 0 AS recused, 0 AS recused_sheets
        FROM jc JOIN nominations g ON g.category_id = jc.category_id
      UNION ALL
      SELECT jc.person_id, jc.kab, g.region_code, 0, g.n, 0, 0
        FROM jc JOIN sheets g ON g.juror_id = jc.person_id AND g.category_id = jc.category_id
      UNION ALL
      SELECT jc.person_id, jc.kab, g.region_code, 0, 0, g.n, g.with_sheet
        FROM jc JOIN recusals g ON g.juror_id = jc.person_id AND g.category_id = jc.category_id
    ), split AS (
      SELECT person_id, total, sheets, recused, recused_sheets,
             kab IS NOT NULL AND (region_code = kab OR starts_with(region_code, kab || '.')) AS own
        FROM counted
    )
    SELECT j.person_id,
           coalesce(sum(total), 0)::int AS total,
           coalesce(sum(total) FILTER (WHERE own), 0)::int AS conflicts,
           coalesce(sum(recused) FILTER (WHERE NOT own), 0)::int AS recused,
           coalesce(sum(sheets - recused_sheets) FILTER (WHERE NOT own), 0)::int AS done
      FROM j LEFT JOIN split ON split.person_id = j.person_id
     GROUP BY j.person_id`;
}

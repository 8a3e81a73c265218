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
 * Nominations are first counted per (category, region) — a few thousand rows at most — and only
 * the juror's own sheets and recusals are joined to their nominations (by primary key).
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
    ), cat AS (
      SELECT id, code FROM category WHERE seleksi_id = ${seleksiId}
    ), per_region AS (
      SELECT category_id, region_code, count(*)::int AS n
        FROM nomination
       WHERE seleksi_id = ${seleksiId} AND status = 'SUBMITTED'
       GROUP BY category_id, region_code
    ), totals AS (
      SELECT j.person_id, sum(pr.n)::int AS total,
             coalesce(sum(pr.n) FILTER (WHERE j.kab IS NOT NULL
               AND (pr.region_code = j.kab OR starts_with(pr.region_code, j.kab || '.'))), 0)::int AS conflicts
        FROM j
        JOIN cat ON cat.code = ANY (j.categories)
        JOIN per_region pr ON pr.category_id = cat.id
       GROUP BY j.person_id
    ), marks AS (
      SELECT x.juror_id, count(*) FILTER (WHERE x.recusal)::int AS recused,
             count(*) FILTER (WHERE NOT x.recusal)::int AS done
        FROM (SELECT s.juror_id, s.nomination_id, false AS recusal
                FROM score_sheet s
               WHERE s.seleksi_id = ${seleksiId}
                 AND NOT EXISTS (SELECT 1 FROM recusal r
                                  WHERE r.nomination_id = s.nomination_id AND r.juror_id = s.juror_id)
              UNION ALL
              SELECT r.juror_id, r.nomination_id, true FROM recusal r WHERE r.seleksi_id = ${seleksiId}) x
        JOIN j ON j.person_id = x.juror_id
        JOIN nomination n ON n.id = x.nomination_id AND n.status = 'SUBMITTED'
        JOIN cat ON cat.id = n.category_id AND cat.code = ANY (j.categories)
       WHERE j.kab IS NULL OR NOT (n.region_code = j.kab OR starts_with(n.region_code, j.kab || '.'))
       GROUP BY x.juror_id
    )
    SELECT j.person_id, coalesce(t.total, 0) AS total, coalesce(t.conflicts, 0) AS conflicts,
           coalesce(mk.recused, 0) AS recused, coalesce(mk.done, 0) AS done
      FROM j
      LEFT JOIN totals t ON t.person_id = j.person_id
      LEFT JOIN marks mk ON mk.juror_id = j.person_id`;
}

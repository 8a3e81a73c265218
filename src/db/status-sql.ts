/**
 * The statements of `seleksi status` (and the admin's `status` in chat): every count is an aggregate
 * in Postgres, so what reaches Node is one row per category, per juror and per (kind, status) —
 * never one row per nomination or score sheet. Plain node-postgres (the pool under the Prisma
 * client): three round trips in all, and no per-row conversion. Every value is a bound parameter.
 */
import type pg from 'pg';

/** One juror of the seleksi, with the name of their home region. */
export interface StatusJurorRow {
  person_id: string;
  name: string;
  region_code: string | null;
  region_name: string | null;
  categories: string[];
}

/** The jurors in the order they joined, with their home kabupaten/kota's name. */
export async function loadStatusJurors(pool: pg.Pool, seleksiId: string): Promise<StatusJurorRow[]> {
  const { rows } = await pool.query<StatusJurorRow>(
    `SELECT m.person_id, p.name, m.region_code, r.name AS region_name, m.categories
       FROM membership m
       JOIN person p ON p.id = m.person_id
       LEFT JOIN region r ON r.code = m.region_code
      WHERE m.seleksi_id = $1 AND m.role = 'JUROR'
      ORDER BY m.created_at, m.person_id`,
    [seleksiId],
  );
  return rows;
}

/** One group of {@link loadStatusCounts}: what is counted, its key, and the count(s). */
export interface StatusCountRow {
  part: 'category' | 'invite' | 'member' | 'submission';
  /** Category code, role or submission status. */
  key: string;
  n: number;
  /** Invites only: of those, used. */
  used: number;
}

/**
 * Submitted nominations per category code (every category, 0 included, in the definition's order),
 * invites (issued, used) and members per role, submissions per status: one statement.
 */
export async function loadStatusCounts(pool: pg.Pool, seleksiId: string): Promise<StatusCountRow[]> {
  const { rows } = await pool.query<StatusCountRow>(
    `SELECT part, key, n, used FROM (
       SELECT 'category' AS part, c.code AS key, count(n.id)::int AS n, 0 AS used, c.position AS pos
         FROM category c
         LEFT JOIN nomination n ON n.category_id = c.id AND n.status = 'SUBMITTED'
        WHERE c.seleksi_id = $1
        GROUP BY c.code, c.position
       UNION ALL
       SELECT 'invite', role::text, count(*)::int, count(used_at)::int, 0
         FROM invite WHERE seleksi_id = $1 GROUP BY role
       UNION ALL
       SELECT 'member', role::text, count(*)::int, 0, 0 FROM membership WHERE seleksi_id = $1 GROUP BY role
       UNION ALL
       SELECT 'submission', status::text, count(*)::int, 0, 0
         FROM submission WHERE seleksi_id = $1 GROUP BY status
     ) g ORDER BY pos`,
    [seleksiId],
  );
  return rows;
}

/** A broadcast with its deliveries counted per status. */
export interface StatusBroadcastRow {
  id: string;
  kind: string;
  status: string;
  total: number;
  /** Delivery status → count (statuses without deliveries absent). */
  counts: Record<string, number>;
}

/** The seleksi's broadcasts in the order they were made, with their deliveries per status. */
export async function loadStatusBroadcasts(pool: pg.Pool, seleksiId: string): Promise<StatusBroadcastRow[]> {
  const { rows } = await pool.query<StatusBroadcastRow>(
    `SELECT b.id, b.kind, b.status::text AS status, b.total,
            coalesce((SELECT jsonb_object_agg(g.status, g.n)
                        FROM (SELECT d.status::text AS status, count(*)::int AS n FROM delivery d
                               WHERE d.broadcast_id = b.id GROUP BY d.status) g), '{}') AS counts
       FROM broadcast b
      WHERE b.seleksi_id = $1
      ORDER BY b.created_at, b.id`,
    [seleksiId],
  );
  return rows;
}

/** One juror's counts over the submitted nominations of their categories. */
export interface JurorCountsRow {
  person_id: string;
  /** Nominations of their categories. */
  total: number;
  /** Of those, from their own kabupaten/kota or nominated/last edited by them. */
  conflicts: number;
  /** Recusals from nominations of their categories that are no conflict. */
  recused: number;
  /** Score sheets on nominations of their categories that are no conflict, not recused. */
  done: number;
}

/** Region `region` lies in the juror's kabupaten/kota `kab` (null: none, no conflict). */
const OWN_KAB = (region: string, kab: string) =>
  `(${kab} IS NOT NULL AND (${region} = ${kab} OR starts_with(${region}, ${kab} || '.')))`;

/** The juror `juror` has a score sheet for the nomination `nomination` (one index probe). */
const HAS_SHEET = (nomination: string, juror: string) =>
  `EXISTS (SELECT 1 FROM score_sheet s WHERE s.nomination_id = ${nomination} AND s.juror_id = ${juror})`;

/**
 * $1 seleksi id, $2 juror person ids, $3 their kabupaten/kota (same order). Nominations are first
 * counted per (category, region) and only those groups matched with the jurors' categories and home
 * kabupaten; score sheets are counted per juror as they are read (one hash join to the nominations,
 * one to the jurors' categories, no sort: the one pass over every sheet of the seleksi is the cost).
 * The few exceptions are then listed one by one, each sheet found by one index probe: a juror's own
 * nominations (domain/permissions.ts isOwnNomination, found through the nominators' ids) outside
 * their kabupaten, which are conflicts too, and recusals.
 */
const JUROR_COUNTS = `
  WITH j AS (
    SELECT k.person_id, k.kab, m.categories
      FROM unnest($2::text[], $3::text[]) AS k(person_id, kab)
      JOIN membership m ON m.person_id = k.person_id AND m.seleksi_id = $1 AND m.role = 'JUROR'
  ), jc AS (
    SELECT j.person_id, j.kab, c.id AS category_id
      FROM j JOIN category c ON c.seleksi_id = $1 AND c.code = ANY (j.categories)
  ), nominations AS (
    SELECT category_id, region_code, count(*)::int AS n
      FROM nomination WHERE seleksi_id = $1 AND status = 'SUBMITTED'
     GROUP BY category_id, region_code
  ), own AS (
    SELECT jc.person_id, n.id AS nomination_id
      FROM nomination n
      JOIN jc ON jc.category_id = n.category_id AND jc.person_id IN (n.submitted_by_id, n.updated_by_id)
     WHERE n.seleksi_id = $1 AND n.status = 'SUBMITTED'
       AND (n.submitted_by_id = ANY ($2::text[]) OR n.updated_by_id = ANY ($2::text[]))
       AND NOT ${OWN_KAB('n.region_code', 'jc.kab')}
  ), own_counts AS (
    SELECT own.person_id, count(*)::int AS n,
           count(*) FILTER (WHERE ${HAS_SHEET('own.nomination_id', 'own.person_id')})::int AS sheets
      FROM own GROUP BY own.person_id
  ), recused AS (
    SELECT r.juror_id AS person_id, count(*)::int AS n,
           count(*) FILTER (WHERE ${HAS_SHEET('r.nomination_id', 'r.juror_id')})::int AS sheets
      FROM recusal r
      JOIN nomination n ON n.id = r.nomination_id AND n.status = 'SUBMITTED'
      JOIN jc ON jc.person_id = r.juror_id AND jc.category_id = n.category_id
     WHERE r.seleksi_id = $1 AND NOT ${OWN_KAB('n.region_code', 'jc.kab')}
       AND NOT EXISTS (SELECT 1 FROM own WHERE own.person_id = r.juror_id AND own.nomination_id = r.nomination_id)
     GROUP BY r.juror_id
  ), totals AS (
    SELECT jc.person_id, sum(g.n)::int AS n,
           coalesce(sum(g.n) FILTER (WHERE ${OWN_KAB('g.region_code', 'jc.kab')}), 0)::int AS own_kab
      FROM jc JOIN nominations g ON g.category_id = jc.category_id
     GROUP BY jc.person_id
  ), scored AS (
    -- Sheets counted per (juror, category, kabupaten) first, in one join with the nominations;
    -- only those few groups meet the jurors' categories and homes.
    SELECT g.person_id, sum(g.n)::int AS n
      FROM (SELECT s.juror_id AS person_id, n.category_id, n.region_code, count(*) AS n
              FROM score_sheet s
              JOIN nomination n ON n.id = s.nomination_id AND n.status = 'SUBMITTED'
             WHERE s.seleksi_id = $1
             GROUP BY 1, 2, 3) g
      JOIN jc ON jc.person_id = g.person_id AND jc.category_id = g.category_id
     WHERE NOT ${OWN_KAB('g.region_code', 'jc.kab')}
     GROUP BY g.person_id
  )
  SELECT j.person_id,
         coalesce(t.n, 0) AS total,
         coalesce(t.own_kab, 0) + coalesce(o.n, 0) AS conflicts,
         coalesce(r.n, 0) AS recused,
         coalesce(s.n, 0) - coalesce(o.sheets, 0) - coalesce(r.sheets, 0) AS done
    FROM j
    LEFT JOIN totals t ON t.person_id = j.person_id
    LEFT JOIN scored s ON s.person_id = j.person_id
    LEFT JOIN own_counts o ON o.person_id = j.person_id
    LEFT JOIN recused r ON r.person_id = j.person_id`;

/**
 * The counts behind each juror's progress. `kabupaten` is each juror's home kabupaten/kota as the
 * domain defines it (domain/permissions kabupatenOf; null: no automatic conflict); a nomination is
 * theirs to skip when its region is that kabupaten or lies inside it (code prefix `63.03.`), or
 * when they nominated or last edited it.
 */
export async function loadJurorCounts(
  pool: pg.Pool,
  seleksiId: string,
  jurors: readonly { personId: string; kabupaten: string | null }[],
): Promise<JurorCountsRow[]> {
  if (jurors.length === 0) return [];
  const { rows } = await pool.query<JurorCountsRow>(JUROR_COUNTS, [
    seleksiId,
    jurors.map((j) => j.personId),
    jurors.map((j) => j.kabupaten),
  ]);
  return rows;
}

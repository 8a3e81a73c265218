/**
 * The facts a ranking is computed from — score sheets, the panel, recusals, sheets still queued — read in
 * one snapshot through node-postgres as plain rows: a national close reads 50,000 score sheets, one row
 * each, with small integers in place of ids. Every value is a bound parameter.
 */
import pg from 'pg';

/** A submitted nomination as the ranking needs it. */
export interface NomineeRow {
  id: string;
  number: string;
  category: string;
  region: string;
  region_name: string | null;
  name: string;
  /** ISO 8601, UTC, milliseconds (as `Date#toISOString`). */
  submitted_at: string;
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
  /** In number order. */
  nominees: NomineeRow[];
  jurors: JurorRow[];
  recusals: { nomination_id: string; juror_id: string; reason: string }[];
  /** Score sheets confirmed and not yet processed. */
  inFlight: { nomination_id: string; juror_id: string }[];
}

/**
 * One stored score sheet: `[nominee, juror, other, values]` — the nominee's index in
 * `PanelRows.nominees`, the juror's index in `PanelRows.jurors` (null for someone no longer a juror,
 * whose person id is then `other`), and the values in the order of the criterion ids given.
 */
export type SheetRow = [nominee: number, juror: number | null, other: string | null, values: number[]];

/** Everything a ranking is computed from, read in one snapshot. */
export interface RankingRows extends PanelRows {
  sheets: SheetRow[];
}

const NOMINEES = `
  SELECT n.id, n.number, c.code AS category, n.region_code AS region, r.name AS region_name,
         n.nominee_name AS name, to_char(n.submitted_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS submitted_at,
         array_remove(ARRAY[n.submitted_by_id, n.updated_by_id], NULL) AS "nominatedBy"
    FROM nomination n
    JOIN category c ON c.id = n.category_id
    LEFT JOIN region r ON r.code = n.region_code
   WHERE n.seleksi_id = $1 AND n.status = 'SUBMITTED'
   ORDER BY n.number`;

const JURORS = `
  SELECT m.person_id, p.name, m.region_code AS home_region, m.categories
    FROM membership m JOIN person p ON p.id = m.person_id
   WHERE m.seleksi_id = $1 AND m.role = 'JUROR'
   ORDER BY m.created_at, m.person_id`;

const RECUSALS = 'SELECT nomination_id, juror_id, reason FROM recusal WHERE seleksi_id = $1';

const IN_FLIGHT = `
  SELECT payload ->> 'nominationId' AS nomination_id, person_id AS juror_id
    FROM submission
   WHERE seleksi_id = $1 AND status = 'PENDING' AND kind = 'SCORE_SHEET'`;

/**
 * The sheets, one row each. A nominee is named by its place in NOMINEES' order (the same rows in the
 * same snapshot, ordered by the unique number), a juror by their place in $2, a criterion by its
 * place in $3. In nominee order, then juror number order (jurors, then former jurors by id), the order
 * of the canonical JSON, so sorting them there finds them sorted.
 */
const SHEETS = `
  WITH nom AS (
    SELECT id, (row_number() OVER (ORDER BY number))::int - 1 AS i
      FROM nomination WHERE seleksi_id = $1 AND status = 'SUBMITTED')
  SELECT nom.i, array_position($2::text[], s.juror_id) - 1 AS juror,
         CASE WHEN array_position($2::text[], s.juror_id) IS NULL THEN s.juror_id END AS other,
         array_agg(s.value ORDER BY array_position($3::text[], s.criterion_id)) AS vals
    FROM score s JOIN nom ON nom.id = s.nomination_id
   GROUP BY nom.i, s.juror_id
   ORDER BY nom.i, juror NULLS LAST, other`;

const INT4_ARRAY_OID = 1007;

/**
 * A sheet's values, `{87,90,75}`, read straight into numbers (pg's generic array parser makes a string
 * of each element first: most of the read's time on 50,000 sheets). Values are never NULL.
 */
function parseValues(text: string): number[] {
  const out: number[] = [];
  let v = 0;
  let sign = 1;
  for (let k = 1; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c >= 48 && c <= 57) v = v * 10 + (c - 48);
    else if (c === 45) sign = -1;
    else {
      out.push(sign * v);
      v = 0;
      sign = 1;
    }
  }
  return out;
}

const sheetTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT4_ARRAY_OID
      ? parseValues
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Reads the facts of a seleksi's ranking in one read-only REPEATABLE READ transaction, so the sheets,
 * the panel and the queue are seen at one moment. `criterionIds`: every criterion of the seleksi,
 * each category's in the order the ranking wants (a sheet's values come in that order).
 */
export async function readRankingRows(
  pool: pg.Pool,
  seleksiId: string,
  criterionIds: readonly string[],
): Promise<RankingRows> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const nominees = (await client.query<NomineeRow>(NOMINEES, [seleksiId])).rows;
    const jurors = (await client.query<JurorRow>(JURORS, [seleksiId])).rows;
    const recusals = (await client.query<PanelRows['recusals'][number]>(RECUSALS, [seleksiId])).rows;
    const inFlight = (await client.query<PanelRows['inFlight'][number]>(IN_FLIGHT, [seleksiId])).rows;
    const sheets = await client.query<SheetRow>({
      text: SHEETS,
      values: [seleksiId, jurors.map((j) => j.person_id), criterionIds],
      rowMode: 'array',
      types: sheetTypes,
    });
    await client.query('COMMIT');
    return { nominees, jurors, recusals, inFlight, sheets: sheets.rows };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Reads everything the submission rules need about a batch in one round trip. */

import type { RoleName } from '../../domain/permissions.ts';
import type { CriterionFacts } from '../../domain/submission-rules.ts';
import type { NomineeRow, Parsed, SeleksiRow } from './rows.ts';
import type { Sql } from './sql-runner.ts';

/** Everything the rules need about a batch, read in one round trip. */
export interface Facts {
  seleksis: SeleksiRow[];
  memberships: {
    person_id: string;
    seleksi_id: string;
    role: RoleName;
    region_code: string | null;
    categories: string[] | null;
  }[];
  /** Nominees the score sheets and recusals refer to. */
  nominees: NomineeRow[];
  recusals: { nomination_id: string; juror_id: string }[];
  criteria: (CriterionFacts & { category_id: string })[];
}

/** Loads the seleksis, memberships, referenced nominees, recusals and criteria of the parsed rows. */
export async function loadFacts(sql: Sql, parsed: Parsed[]): Promise<Facts> {
  const seleksiIds = [...new Set(parsed.map((p) => p.row.seleksi_id))];
  const personIds = [...new Set(parsed.map((p) => p.row.person_id))];
  const nominationIds = [
    ...new Set(parsed.flatMap((p) => (p.kind === 'NOMINATION' ? [] : [p.payload.nominationId]))),
  ];
  const rows = await sql<Record<keyof Facts, unknown>[]>(
    `SELECT
       (SELECT coalesce(json_agg(x), '[]'::json) FROM (
          SELECT id, code, phase::text AS phase, rules FROM seleksi WHERE id = ANY($1::text[])) x) AS seleksis,
       (SELECT coalesce(json_agg(x), '[]'::json) FROM (
          SELECT person_id, seleksi_id, role::text AS role, region_code, categories
            FROM membership WHERE person_id = ANY($2::text[]) AND seleksi_id = ANY($1::text[])) x) AS memberships,
       (SELECT coalesce(json_agg(x), '[]'::json) FROM (
          SELECT n.id, n.seleksi_id, n.category_id, c.code AS category_code, n.region_code, n.number,
                 n.status::text AS status
            FROM nomination n JOIN category c ON c.id = n.category_id WHERE n.id = ANY($3::text[])) x) AS nominees,
       (SELECT coalesce(json_agg(x), '[]'::json) FROM (
          SELECT nomination_id, juror_id FROM recusal
           WHERE nomination_id = ANY($3::text[]) AND juror_id = ANY($2::text[])) x) AS recusals,
       (SELECT coalesce(json_agg(x ORDER BY x.position, x.code), '[]'::json) FROM (
          SELECT id, category_id, code, min, max, position FROM criterion
           WHERE category_id IN (SELECT category_id FROM nomination WHERE id = ANY($3::text[]))) x) AS criteria`,
    seleksiIds,
    personIds,
    nominationIds,
  );
  const row = rows[0]!;
  const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  return {
    seleksis: parse(row.seleksis),
    memberships: parse(row.memberships),
    nominees: parse(row.nominees),
    recusals: parse(row.recusals),
    criteria: parse(row.criteria),
  };
}

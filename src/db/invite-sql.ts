import type { RoleName } from '../core/names.ts';
import type { PrismaDb, Tx } from './client.ts';

/** One invite to insert (the code is drawn by the caller). */
export interface InviteRow {
  code: string;
  seleksiId: string;
  role: RoleName;
  regionCode: string | null;
  categories: string[];
  name: string | null;
  /** Member invite of a nominee: their nomination. */
  nominationId: string | null;
  /** Juror without a home kabupaten/kota: why (shown in `status`). */
  noHomeRegionReason: string | null;
  /** Granted as a second role in the seleksi, explicitly. */
  secondRole: boolean;
  expiresAt: Date;
}

/**
 * Inserts invites with these codes in one statement, skipping codes that already exist (a random
 * code can collide with an older invite's); returns the codes inserted, with their ids.
 */
export async function insertInvites(
  tx: Tx,
  common: Omit<InviteRow, 'code'>,
  codes: string[],
): Promise<{ id: string; code: string }[]> {
  return tx.$queryRaw<{ id: string; code: string }[]>`
    INSERT INTO invite (id, code, seleksi_id, role, region_code, categories, name, nomination_id,
                        no_home_region_reason, second_role, expires_at)
    SELECT gen_random_uuid()::text, c, ${common.seleksiId}, ${common.role}::"Role", ${common.regionCode},
           ${common.categories}::text[], ${common.name}, ${common.nominationId}, ${common.noHomeRegionReason},
           ${common.secondRole}::boolean, ${common.expiresAt}
      FROM unnest(${codes}::text[]) AS c
    ON CONFLICT (code) DO NOTHING
    RETURNING id, code`;
}

/** A juror registered without a home kabupaten/kota, with the reason the admin gave (for `status`). */
export interface JurorWithoutHomeRegion {
  personId: string;
  name: string;
  reason: string;
}

/** The seleksi's jurors invited with `--no-home-region --reason …` (no automatic conflict of interest). */
export async function jurorsWithoutHomeRegion(
  db: PrismaDb,
  seleksiId: string,
): Promise<JurorWithoutHomeRegion[]> {
  return db.$queryRaw<JurorWithoutHomeRegion[]>`
    SELECT m.person_id AS "personId", p.name, i.no_home_region_reason AS reason
      FROM membership m
      JOIN person p ON p.id = m.person_id
      JOIN invite i ON i.id = m.invite_id
     WHERE m.seleksi_id = ${seleksiId} AND m.role = 'JUROR' AND m.region_code IS NULL
       AND i.no_home_region_reason IS NOT NULL
     ORDER BY m.created_at, m.person_id`;
}

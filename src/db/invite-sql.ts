import type { Tx } from './client.ts';

/** One invite to insert (the code is drawn by the caller). */
export interface InviteRow {
  code: string;
  seleksiId: string;
  role: 'OFFICER' | 'JUROR' | 'MEMBER' | 'ADMIN';
  regionCode: string | null;
  categories: string[];
  name: string | null;
  /** Member invite of a nominee: their nomination. */
  nominationId: string | null;
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
    INSERT INTO invite (id, code, seleksi_id, role, region_code, categories, name, nomination_id, expires_at)
    SELECT gen_random_uuid()::text, c, ${common.seleksiId}, ${common.role}::"Role", ${common.regionCode},
           ${common.categories}::text[], ${common.name}, ${common.nominationId}, ${common.expiresAt}
      FROM unnest(${codes}::text[]) AS c
    ON CONFLICT (code) DO NOTHING
    RETURNING id, code`;
}

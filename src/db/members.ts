import type { PrismaClient } from './client.ts';

/** One member to pre-register: a person by phone number, with their kabupaten/kota if known. */
export interface MemberRow {
  name: string;
  /** E.164 (+62…): the key that matches the person when they first write on WhatsApp. */
  phone: string;
  regionCode: string | null;
}

/** What one batch changed. */
export interface MemberBatchResult {
  /** People created (the others already had this phone number). */
  peopleCreated: number;
  /** Memberships created (the others were there: their region was updated when given). */
  membershipsCreated: number;
}

/**
 * Pre-registers a batch of members of a seleksi in one statement (one transaction): each phone number
 * becomes a person (kept as they are when one already has it — a registered officer keeps their name)
 * with a MEMBER membership of the seleksi. Re-importing the same file changes nothing. Phones must be
 * unique within the batch.
 */
export async function upsertMembers(
  prisma: PrismaClient,
  seleksiId: string,
  rows: readonly MemberRow[],
): Promise<MemberBatchResult> {
  const [result] = await prisma.$queryRaw<{ people_created: number; memberships_created: number }[]>`
    WITH input AS MATERIALIZED (
      SELECT x.*, gen_random_uuid()::text AS new_person_id, gen_random_uuid()::text AS new_membership_id
        FROM unnest(${rows.map((r) => r.name)}::text[], ${rows.map((r) => r.phone)}::text[],
                    ${rows.map((r) => r.regionCode)}::text[]) AS x(name, phone, region_code)
    ), people AS (
      INSERT INTO person (id, name, phone)
      SELECT new_person_id, name, phone FROM input
      ON CONFLICT (phone) DO UPDATE SET phone = excluded.phone
      RETURNING id, phone
    ), members AS (
      INSERT INTO membership (id, person_id, seleksi_id, role, region_code, categories)
      SELECT i.new_membership_id, p.id, ${seleksiId}, 'MEMBER'::"Role", i.region_code, '{}'
        FROM people p JOIN input i ON i.phone = p.phone
      ON CONFLICT (person_id, seleksi_id, role) DO UPDATE
         SET region_code = coalesce(excluded.region_code, membership.region_code)
      RETURNING id
    )
    -- A row is new when it kept the id proposed for it (an existing row keeps its own).
    SELECT (SELECT count(*) FROM people p JOIN input i ON i.new_person_id = p.id)::int AS people_created,
           (SELECT count(*) FROM members m JOIN input i ON i.new_membership_id = m.id)::int AS memberships_created`;
  return { peopleCreated: result!.people_created, membershipsCreated: result!.memberships_created };
}

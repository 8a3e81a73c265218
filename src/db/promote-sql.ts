/**
 * The write of a promotion: a nomination carried into a higher-level seleksi, numbered under the
 * same advisory lock the worker numbers nominations with, its attachments copied. Unique on
 * (seleksi, promoted_from_id): promoting twice adds nothing.
 */
import { formatNomineeNumber } from '../domain/numbering.ts';
import type { Tx } from './client.ts';

/** A nomination to carry over. */
export interface PromotionWrite {
  seleksiId: string;
  seleksiCode: string;
  categoryId: string;
  categoryCode: string;
  fromNominationId: string;
  priorResult: unknown;
  lock: number;
}

/**
 * Inserts the promoted nomination unless that nomination was already carried into this seleksi.
 * Returns its number, and whether it is new.
 */
export async function insertPromotion(
  tx: Tx,
  w: PromotionWrite,
): Promise<{ number: string; created: boolean }> {
  await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(${w.lock}::int, hashtext(${`${w.seleksiId}|${w.categoryCode}`}))) l`;
  const existing = await tx.nomination.findFirst({
    where: { seleksiId: w.seleksiId, promotedFromId: w.fromNominationId },
    select: { number: true },
  });
  if (existing) return { number: existing.number, created: false };
  const [next] = await tx.$queryRaw<{ seq: number }[]>`
    SELECT (coalesce(max(seq), 0) + 1)::int AS seq FROM nomination
     WHERE seleksi_id = ${w.seleksiId} AND category_id = ${w.categoryId}`;
  const number = formatNomineeNumber(w.seleksiCode, w.categoryCode, next!.seq);
  const rows = await tx.$queryRaw<{ id: string; number: string }[]>`
    INSERT INTO nomination (id, seleksi_id, category_id, region_code, number, seq, nominee_name, answers,
                            submitted_by_id, submitted_at, updated_at, promoted_from_id, prior_result)
    SELECT gen_random_uuid()::text, ${w.seleksiId}, ${w.categoryId}, f.region_code, ${number}, ${next!.seq},
           f.nominee_name, f.answers, f.submitted_by_id, now(), now(), f.id, ${JSON.stringify(w.priorResult)}::jsonb
      FROM nomination f
     WHERE f.id = ${w.fromNominationId}
    RETURNING id, number`;
  const created = rows[0]!;
  await tx.$executeRaw`
    INSERT INTO attachment (id, nomination_id, field, kind, channel, file_ref, local_path, mime_type, file_name,
                            caption, created_at)
    SELECT gen_random_uuid()::text, ${created.id}, field, kind, channel, file_ref, local_path, mime_type, file_name,
           caption, created_at
      FROM attachment WHERE nomination_id = ${w.fromNominationId}`;
  return { number: created.number, created: true };
}

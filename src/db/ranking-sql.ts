/**
 * The statements of the frozen ranking: storing it (one transaction, entries in one statement) and
 * reading it back. Every value is a bound parameter. The facts it is computed from: ranking-facts-sql.ts.
 */
import type pg from 'pg';
import type { PrismaDb } from './client.ts';

/** When each score sheet was submitted (exports list it per score). */
export function loadSheetTimes(
  db: PrismaDb,
  seleksiId: string,
): Promise<{ nomination_id: string; juror_id: string; submitted_at: Date }[]> {
  return db.$queryRaw`
    SELECT nomination_id, juror_id, submitted_at FROM score_sheet WHERE seleksi_id = ${seleksiId}`;
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
  /** The phase change into CLOSED: its moment becomes the ranking's `closed_at`. */
  closeEventId: string | null;
  forced: boolean;
  missing: unknown;
  meta: unknown;
  entries: EntryWrite[];
  /** Recorded as a `ranking.frozen` audit event (with the new ranking's id) when the ranking is new. */
  audit: { actorId: string | null; data: Record<string, unknown> };
}

const INSERT_RANKING = `
  INSERT INTO ranking (id, seleksi_id, digest, closed_at, forced, missing, meta)
  VALUES (gen_random_uuid()::text, $1, $2,
          (SELECT date_trunc('milliseconds', at) FROM phase_event WHERE id = $3), $4, $5::jsonb, $6::jsonb)
  ON CONFLICT (seleksi_id, digest) DO NOTHING
  RETURNING id`;

/** The entries as one bound array per column, unnested into rows: one statement for 10,000 entries. */
const INSERT_ENTRIES = `
  INSERT INTO ranking_entry (id, ranking_id, category_code, nomination_id, rank, final_score, tie_break_rule,
                             tie_note, award, flag, detail)
  SELECT gen_random_uuid()::text, $1, x.category_code, x.nomination_id, x.rank, x.final_score,
         x.tie_break_rule, x.tie_note::jsonb, x.award, x.flag, x.detail::jsonb
    FROM unnest($2::text[], $3::text[], $4::int[], $5::float8[], $6::text[], $7::text[], $8::text[], $9::text[],
                $10::text[])
      AS x(category_code, nomination_id, rank, final_score, tie_break_rule, tie_note, award, flag, detail)`;

const INSERT_AUDIT = `
  INSERT INTO audit_event (id, seleksi_id, actor_id, action, data)
  VALUES (gen_random_uuid()::text, $1, $2, 'ranking.frozen', jsonb_build_object('rankingId', $3::text) || $4::jsonb)`;

/**
 * Stores a frozen ranking, its entries and its audit event in one transaction (node-postgres, bound
 * parameters), unless one with the same digest is there already. Returns the stored ranking's id and
 * whether it was new.
 */
export async function saveRanking(pool: pg.Pool, r: RankingWrite): Promise<{ id: string; created: boolean }> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const inserted = await client.query<{ id: string }>(INSERT_RANKING, [
      r.seleksiId,
      r.digest,
      r.closeEventId,
      r.forced,
      JSON.stringify(r.missing),
      JSON.stringify(r.meta),
    ]);
    const id = inserted.rows[0]?.id;
    if (id === undefined) {
      await client.query('ROLLBACK');
      const found = await client.query<{ id: string }>(
        'SELECT id FROM ranking WHERE seleksi_id = $1 AND digest = $2',
        [r.seleksiId, r.digest],
      );
      return { id: found.rows[0]!.id, created: false };
    }
    const e = r.entries;
    await client.query(INSERT_ENTRIES, [
      id,
      e.map((x) => x.categoryCode),
      e.map((x) => x.nominationId),
      e.map((x) => x.rank),
      e.map((x) => x.finalScore),
      e.map((x) => x.tieBreakRule),
      e.map((x) => (x.tieNote === null ? null : JSON.stringify(x.tieNote))),
      e.map((x) => x.award),
      e.map((x) => x.flag),
      e.map((x) => JSON.stringify(x.detail)),
    ]);
    await client.query(INSERT_AUDIT, [r.seleksiId, r.audit.actorId, id, JSON.stringify(r.audit.data)]);
    await client.query('COMMIT');
    return { id, created: true };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
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
export async function loadLatestRanking(db: PrismaDb, seleksiId: string, category?: string) {
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
export async function processedSubmissions(db: PrismaDb, seleksiId: string): Promise<number> {
  const rows = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM submission WHERE seleksi_id = ${seleksiId} AND status <> 'PENDING'`;
  return rows[0]?.n ?? 0;
}

/** The newest phase change of a seleksi into CLOSED (the close a re-run waits behind), if any. */
export async function latestCloseEvent(
  db: PrismaDb,
  seleksiId: string,
): Promise<{ eventId: string; at: Date } | null> {
  const rows = await db.$queryRaw<{ eventId: string; at: Date }[]>`
    SELECT id AS "eventId", at FROM phase_event
     WHERE seleksi_id = ${seleksiId} AND to_phase = 'CLOSED'
     ORDER BY at DESC LIMIT 1`;
  return rows[0] ?? null;
}

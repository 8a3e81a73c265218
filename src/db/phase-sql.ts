import type { PhaseName } from '../domain/permissions.ts';
import type { PrismaDb, Tx } from './client.ts';

/**
 * The statements of a phase change. The seleksi row is held FOR UPDATE while the phase moves: the
 * inbound write of a submission reads that row FOR KEY SHARE (see PHASE_MOVED in chat-sql.ts), so
 * every submission confirmed under the old phase is committed before the change's time is taken, and
 * every later one sees the new phase. The change's time is the database clock in microseconds, like
 * submission.created_at.
 */

/** Locks the seleksi row for a phase change and returns its phase; null when there is no such seleksi. */
export async function lockSeleksiPhase(tx: Tx, seleksiId: string): Promise<PhaseName | null> {
  const rows = await tx.$queryRaw<{ phase: PhaseName }[]>`
    SELECT phase::text AS phase FROM seleksi WHERE id = ${seleksiId} FOR UPDATE`;
  return rows[0]?.phase ?? null;
}

/** A recorded phase change. */
export interface PhaseEventRow {
  id: string;
  /** The database time of the change (the microseconds stay in the row; compare by id in SQL). */
  at: Date;
}

/**
 * Sets the seleksi's phase and records the phase_event and its audit event, under the lock taken by
 * {@link lockSeleksiPhase}.
 */
export async function recordPhaseChange(
  tx: Tx,
  change: {
    seleksiId: string;
    from: PhaseName;
    to: PhaseName;
    actorId: string | null;
    forced: boolean;
    note: string | null;
  },
): Promise<PhaseEventRow> {
  const { seleksiId, from, to, actorId, forced, note } = change;
  const rows = await tx.$queryRaw<PhaseEventRow[]>`
    WITH moved AS (
      UPDATE seleksi SET phase = ${to}::"Phase", updated_at = now() WHERE id = ${seleksiId} RETURNING id
    ), event AS (
      INSERT INTO phase_event (id, seleksi_id, from_phase, to_phase, at, actor_id, forced, note)
      SELECT gen_random_uuid()::text, id, ${from}::"Phase", ${to}::"Phase", clock_timestamp() AT TIME ZONE 'UTC',
             ${actorId}::text, ${forced}::boolean, ${note}::text
        FROM moved
      RETURNING id, seleksi_id, at
    ), audit AS (
      INSERT INTO audit_event (id, seleksi_id, actor_id, action, data)
      SELECT gen_random_uuid()::text, seleksi_id, ${actorId}::text, 'phase.changed',
             jsonb_build_object('from', ${from}::text, 'to', ${to}::text, 'forced', ${forced}::boolean, 'eventId', id)
        FROM event
    )
    SELECT id, at FROM event`;
  return rows[0]!;
}

/**
 * How many submissions of the seleksi are still PENDING although their users confirmed them before
 * the given phase change: the worker judges them by the phase before it.
 */
export async function countPendingBefore(db: PrismaDb, eventId: string): Promise<number> {
  const rows = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n
      FROM phase_event pe
      JOIN submission s ON s.seleksi_id = pe.seleksi_id AND s.status = 'PENDING' AND s.created_at < pe.at
     WHERE pe.id = ${eventId}`;
  return rows[0]?.n ?? 0;
}

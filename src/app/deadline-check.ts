/**
 * The conversation's deadline check: a nomination or score confirmed after the closing deadline of
 * the phase in force is refused in the chat with the time it closed (the worker checks again by the
 * submission's created_at, see app/submissions/check.ts). Deadlines are fixed once a seleksi is
 * created; what changes is the phase, so the facts are cached per seleksi and phase for a moment.
 */
import type { SubmissionKindName } from '../core/names.ts';
import type { PrismaClient } from '../db/client.ts';
import { listScheduledSeleksi } from '../db/deadline-sql.ts';
import { type DeadlineFacts, deadlineFactsOf, lateRefusal } from '../domain/deadlines.ts';
import type { PhaseName, Refusal } from '../domain/permissions.ts';

export interface DeadlineCheck {
  /** The refusal of a submission confirmed at `at` in this seleksi (none without one). */
  late(
    seleksi: { id: string; phase: PhaseName } | null,
    kind: SubmissionKindName,
    at: Date,
  ): Promise<Refusal>;
}

/** A cached deadline check over `prisma`. @param ttlMs how long one seleksi's facts are reused */
export function createDeadlineCheck(prisma: PrismaClient, ttlMs = 10_000): DeadlineCheck {
  const cache = new Map<string, { until: number; facts: DeadlineFacts | null; openedAt: Date | null }>();
  return {
    async late(seleksi, kind, at) {
      if (!seleksi) return null;
      const { id: seleksiId, phase } = seleksi;
      const key = `${seleksiId}|${phase}`;
      let hit = cache.get(key);
      if (!hit || hit.until < Date.now()) {
        const [row] = await listScheduledSeleksi(prisma, seleksiId);
        hit = {
          until: Date.now() + ttlMs,
          facts: row && row.phase === phase ? deadlineFactsOf(row) : null,
          openedAt: row?.openedAt ?? null,
        };
        if (cache.size > 1_000) cache.clear();
        cache.set(key, hit);
      }
      return hit.facts ? lateRefusal(kind, phase, hit.openedAt, hit.facts, at) : null;
    },
  };
}

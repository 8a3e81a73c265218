import type { PrismaClient } from '../db/client.ts';
import { type PhaseName, phaseLabel } from '../domain/permissions.ts';
import { findSeleksi } from './invites.ts';
import { SeleksiError } from './seleksi-errors.ts';

/** What `open` may do: the phase each target is opened from. Closing and publishing live elsewhere. */
export const OPEN_FROM = { NOMINATION: 'DRAFT', SCORING: 'NOMINATION' } as const satisfies Record<
  string,
  PhaseName
>;

export type OpenTarget = keyof typeof OPEN_FROM;

/** `nomination` / `nominasi` / `scoring` / `penilaian` → target phase; null otherwise. */
export function parseOpenTarget(text: string): OpenTarget | null {
  const t = text.trim().toLowerCase();
  if (t === 'nomination' || t === 'nominasi') return 'NOMINATION';
  if (t === 'scoring' || t === 'penilaian') return 'SCORING';
  return null;
}

/** Null when `current → target` is allowed, else the one-line reason (Bahasa Indonesia, then English). */
export function openRefusal(code: string, current: PhaseName, target: OpenTarget): string | null {
  const from = OPEN_FROM[target];
  if (current === from) return null;
  return (
    `fase salah: ${code} sedang ${phaseLabel(current, 'id')} (${current}); ${phaseLabel(target, 'id')} hanya dapat dibuka dari ${phaseLabel(from, 'id')} ` +
    `(wrong phase: ${current.toLowerCase()}, opening ${target.toLowerCase()} needs ${from.toLowerCase()})`
  );
}

/**
 * Moves a seleksi into the nomination or scoring phase. The update is conditional on the current
 * phase, so two admins opening at once cannot skip a phase; an audit event records it.
 */
export async function openPhase(
  prisma: PrismaClient,
  ref: string,
  target: OpenTarget,
  actorId: string | null = null,
): Promise<{ id: string; code: string; from: PhaseName; to: OpenTarget }> {
  const seleksi = await findSeleksi(prisma, ref);
  const refusal = openRefusal(seleksi.code, seleksi.phase, target);
  if (refusal) throw new SeleksiError(refusal);
  const from = OPEN_FROM[target];
  await prisma.$transaction(async (tx) => {
    const moved = await tx.seleksi.updateMany({
      where: { id: seleksi.id, phase: from },
      data: { phase: target },
    });
    if (moved.count !== 1) {
      const now = await tx.seleksi.findUniqueOrThrow({ where: { id: seleksi.id }, select: { phase: true } });
      throw new SeleksiError(
        openRefusal(seleksi.code, now.phase, target) ?? 'fase berubah bersamaan (phase changed meanwhile)',
      );
    }
    await tx.auditEvent.create({
      data: { seleksiId: seleksi.id, actorId, action: 'phase.opened', data: { from, to: target } },
    });
  });
  return { id: seleksi.id, code: seleksi.code, from, to: target };
}

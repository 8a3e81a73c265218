import { setTimeout as sleep } from 'node:timers/promises';
import { inPrismaTransaction, type PrismaClient } from '../db/client.ts';
import { countPendingBefore, lockSeleksiPhase, recordPhaseChange } from '../db/phase-sql.ts';
import { type PhaseName, phaseLabel } from '../domain/permissions.ts';
import { findSeleksi } from './invites.ts';
import { SeleksiError } from './seleksi-errors.ts';

/**
 * Phase changes. A seleksi moves one step at a time along {@link PHASE_ORDER}. A submission is
 * judged by the phase in force when its user confirmed it, so a change refuses nothing already
 * acknowledged; what is still queued from before the change can be waited for
 * ({@link waitForSubmissionsBefore}) — `close` must, before it ranks.
 */

/** The lifecycle, in order (PRODUCT.md §3). */
export const PHASE_ORDER = [
  'DRAFT',
  'NOMINATION',
  'SCORING',
  'CLOSED',
  'PUBLISHED',
] as const satisfies readonly PhaseName[];

/** The phase a seleksi must be in to move to `to`; null for DRAFT (nothing moves into it). */
export function phaseBefore(to: PhaseName): PhaseName | null {
  const i = PHASE_ORDER.indexOf(to);
  return i > 0 ? PHASE_ORDER[i - 1]! : null;
}

/** What `open` may open. */
export type OpenTarget = 'NOMINATION' | 'SCORING';

/** `nomination` / `nominasi` / `scoring` / `penilaian` → target phase; null otherwise. */
export function parseOpenTarget(text: string): OpenTarget | null {
  const t = text.trim().toLowerCase();
  if (t === 'nomination' || t === 'nominasi') return 'NOMINATION';
  if (t === 'scoring' || t === 'penilaian') return 'SCORING';
  return null;
}

/** Null when `current → target` is allowed, else the one-line reason (Bahasa Indonesia, then English). */
export function phaseRefusal(code: string, current: PhaseName, target: PhaseName): string | null {
  const from = phaseBefore(target);
  if (current === from) return null;
  const needs = from
    ? `; ${phaseLabel(target, 'id')} hanya dapat dimulai dari ${phaseLabel(from, 'id')}`
    : '';
  return (
    `fase salah: ${code} sedang ${phaseLabel(current, 'id')} (${current})${needs} ` +
    `(wrong phase: ${current.toLowerCase()}, moving to ${target.toLowerCase()} needs ${from?.toLowerCase() ?? 'nothing'})`
  );
}

/** A phase change that happened. */
export interface PhaseChange {
  id: string;
  code: string;
  from: PhaseName;
  to: PhaseName;
  /** The phase_event row: submissions confirmed before it are judged by `from`. */
  eventId: string;
  /** When it happened (database clock). */
  at: Date;
}

/** Options of {@link changePhase}. */
export interface ChangePhaseOptions {
  actorId?: string | null;
  /** Moved outside what the definition allows, on an explicit request (recorded). */
  forced?: boolean;
  note?: string | null;
}

/**
 * Moves a seleksi (id or code) one phase forward to `to`. The seleksi row is locked while it moves,
 * so a submission being written waits for the change or is written before it (see db/phase-sql.ts),
 * and two admins moving at once cannot skip a phase. Records a phase_event and an audit event.
 */
export async function changePhase(
  prisma: PrismaClient,
  ref: string,
  to: PhaseName,
  options: ChangePhaseOptions = {},
): Promise<PhaseChange> {
  const seleksi = await findSeleksi(prisma, ref);
  const early = phaseRefusal(seleksi.code, seleksi.phase, to);
  if (early) throw new SeleksiError(early);
  return inPrismaTransaction(prisma, async (tx) => {
    const current = (await lockSeleksiPhase(tx, seleksi.id)) ?? seleksi.phase;
    const refusal = phaseRefusal(seleksi.code, current, to);
    if (refusal) throw new SeleksiError(refusal);
    const event = await recordPhaseChange(tx, {
      seleksiId: seleksi.id,
      from: current,
      to,
      actorId: options.actorId ?? null,
      forced: options.forced ?? false,
      note: options.note ?? null,
    });
    return { id: seleksi.id, code: seleksi.code, from: current, to, eventId: event.id, at: event.at };
  });
}

/** Opens the nomination or scoring phase (see {@link changePhase}). */
export function openPhase(
  prisma: PrismaClient,
  ref: string,
  target: OpenTarget,
  actorId: string | null = null,
): Promise<PhaseChange> {
  return changePhase(prisma, ref, target, { actorId });
}

/** Options of {@link waitForSubmissionsBefore}. */
export interface WaitOptions {
  /** Give up after this long and return what is still pending. @defaultValue 30000 */
  timeoutMs?: number;
  /** @defaultValue 250 */
  pollMs?: number;
  /** Called with the number still pending, first at once, then whenever it changes. */
  onProgress?(pending: number): void;
}

/**
 * Waits until every submission its user confirmed before the change has been processed by a worker.
 * None can appear later: they were all committed before the change took the seleksi row. Returns 0
 * when all are done, or how many are still pending at the timeout (a worker is down or behind).
 */
export async function waitForSubmissionsBefore(
  prisma: PrismaClient,
  change: Pick<PhaseChange, 'eventId'>,
  options: WaitOptions = {},
): Promise<number> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let last = -1;
  for (;;) {
    const pending = await countPendingBefore(prisma, change.eventId);
    if (pending !== last) options.onProgress?.(pending);
    last = pending;
    if (pending === 0 || Date.now() >= deadline) return pending;
    await sleep(options.pollMs ?? 250);
  }
}

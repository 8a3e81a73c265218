import type { PrismaClient } from '../db/client.ts';
import type { Logger } from '../log.ts';
import type { Revived } from './revive.ts';

/** Options of {@link startReconciler}. */
export interface ReconcilerOptions {
  prisma: PrismaClient;
  /**
   * Makes the jobs of these submissions run again where nothing else will: lost jobs are added,
   * failed and finished ones retried, orphaned active ones handed to BullMQ's stalled check
   * (createJobReviver). Jobs waiting, delayed or held by a live worker are left alone.
   */
  revive(submissionIds: readonly string[]): Promise<Revived>;
  logger?: Logger;
  /** @defaultValue 5000 */
  intervalMs?: number;
  /** Only submissions confirmed (and processed) longer ago than this are looked at. @defaultValue 15000 */
  olderThanMs?: number;
  /** Most rows of each kind per pass. @defaultValue 1000 */
  limit?: number;
}

/**
 * Every few seconds, finds the submissions whose user may never hear back and revives their jobs:
 *
 * - still PENDING after a while: the job was never added (Redis down when the bot committed), was
 *   lost (Redis flushed), used up its attempts (a long Postgres outage), or is active in a worker
 *   that died;
 * - written (DONE, or FAILED = refused) but not confirmed: the job failed before the user was told
 *   (stalled past its limit, the channel not held by this process for all its attempts), or its
 *   record could not be written.
 *
 * The worker's row lock, DONE check and confirmed_at make any re-run harmless: nothing is written
 * twice, and a user already recorded as told is not told again. Rows are read along the
 * (status, created_at) index; written rows are read from the oldest one not yet confirmed (kept
 * from the previous pass), so a pass does not rescan everything confirmed long ago.
 */
export function startReconciler(options: ReconcilerOptions): {
  /** One pass now; resolves with how many submissions it found waiting for their user to hear back. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
} {
  const { prisma, logger } = options;
  const intervalMs = options.intervalMs ?? 5_000;
  const olderThanMs = options.olderThanMs ?? 15_000;
  const limit = options.limit ?? 1_000;
  /** Written rows created before this are all confirmed (as of the last pass). */
  let confirmedBefore = new Date(0);
  let running: Promise<number> | null = null;
  let stopped = false;

  async function runOnce(): Promise<number> {
    const cutoff = new Date(Date.now() - olderThanMs);
    const [pending, unconfirmed] = await Promise.all([
      prisma.submission.findMany({
        where: { status: 'PENDING', createdAt: { lt: cutoff } },
        select: { id: true, createdAt: true },
        orderBy: { createdAt: 'asc' },
        take: limit,
      }),
      prisma.submission.findMany({
        where: {
          status: { in: ['DONE', 'FAILED'] },
          createdAt: { gte: confirmedBefore, lt: cutoff },
          confirmedAt: null,
          processedAt: { lt: cutoff },
        },
        select: { id: true, createdAt: true },
        orderBy: { createdAt: 'asc' },
        take: limit,
      }),
    ]);
    // A PENDING row may become an unconfirmed written one later: start no later than the oldest.
    const oldest = [pending[0]?.createdAt, unconfirmed[0]?.createdAt, cutoff].filter((d) => d !== undefined);
    const ids = [...pending, ...unconfirmed].map((r) => r.id);
    if (ids.length > 0) {
      const revived = await options.revive(ids);
      logger?.info(
        { pending: pending.length, unconfirmed: unconfirmed.length, ...revived },
        'reconciler revived submissions',
      );
      if (revived.orphaned > 0) {
        logger?.warn({ orphaned: revived.orphaned }, 'active jobs whose worker is gone; stalled check run');
      }
    }
    confirmedBefore = new Date(Math.min(...oldest.map((d) => d.getTime())));
    return ids.length;
  }

  const timer = setInterval(() => {
    if (running || stopped) return;
    running = runOnce()
      .catch((error) => {
        // Postgres or Redis away: try again next tick.
        logger?.warn({ err: error }, 'reconciler pass failed');
        return 0;
      })
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref();

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

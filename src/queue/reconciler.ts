import type { PrismaClient } from '../db/client.ts';
import type { Logger } from '../log.ts';

/** Options of {@link startReconciler}. */
export interface ReconcilerOptions {
  prisma: PrismaClient;
  /** Re-adds jobs; must use jobId = submission id so existing jobs are left alone. */
  enqueueMany(submissionIds: readonly string[]): Promise<void>;
  /**
   * Moves the jobs of these submissions that used up their attempts back to waiting; returns how
   * many. A submission still PENDING after a long outage (Postgres down longer than the backoff) is
   * then written once the outage is over instead of staying stuck behind its failed job.
   */
  retryFailed?(submissionIds: readonly string[]): Promise<number>;
  logger?: Logger;
  /** @defaultValue 5000 */
  intervalMs?: number;
  /** Only submissions PENDING for longer than this are re-enqueued. @defaultValue 15000 */
  olderThanMs?: number;
  /** Most rows per pass. @defaultValue 1000 */
  limit?: number;
}

/**
 * Re-enqueues submissions that are still PENDING after a while: their job was never added (Redis was
 * down when the bot committed) or was lost (Redis restarted without persistence, keys flushed).
 * Jobs still in Redis are not duplicated (same jobId); failed jobs of still-PENDING submissions are
 * retried. The worker's row lock and DONE check make any re-run harmless anyway.
 */
export function startReconciler(options: ReconcilerOptions): {
  runOnce(): Promise<number>;
  stop(): Promise<void>;
} {
  const intervalMs = options.intervalMs ?? 5_000;
  const olderThanMs = options.olderThanMs ?? 15_000;
  const limit = options.limit ?? 1_000;
  let running: Promise<number> | null = null;
  let stopped = false;

  async function runOnce(): Promise<number> {
    const rows = await options.prisma.submission.findMany({
      where: { status: 'PENDING', createdAt: { lt: new Date(Date.now() - olderThanMs) } },
      select: { id: true },
      orderBy: { createdAt: 'asc' },
      take: limit,
    });
    if (rows.length > 0) {
      const ids = rows.map((r) => r.id);
      await options.enqueueMany(ids);
      const retried = (await options.retryFailed?.(ids)) ?? 0;
      options.logger?.info({ count: rows.length, retried }, 'reconciler re-enqueued pending submissions');
    }
    return rows.length;
  }

  const timer = setInterval(() => {
    if (running || stopped) return;
    running = runOnce()
      .catch((error) => {
        // Postgres or Redis away: try again next tick.
        options.logger?.warn({ err: error }, 'reconciler pass failed');
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

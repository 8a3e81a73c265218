import type { PrismaClient } from '../db/client.ts';
import { findUnsettledSubmissions, type UnsettledSubmission } from '../db/queue-sql.ts';
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
  /** Of these written, unrecorded submissions, the ones whose users are marked as told (Redis). */
  told(submissionIds: readonly string[]): Promise<Set<string>>;
  /** Records those in Postgres (confirmed_at) instead of running their jobs again. */
  record(submissionIds: readonly string[]): Promise<void>;
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
 * - written (DONE, or FAILED = refused) but not recorded as confirmed: the job failed before the user
 *   was told (stalled past its limit, the channel not held by this process for all its attempts).
 *   A row whose user is marked as told in Redis (its worker died before the Postgres record that
 *   follows the marks) is recorded instead, and nobody is told again.
 *
 * The worker's row lock, DONE check and the marks make any re-run harmless: nothing is written
 * twice, and a user marked or recorded as told is not told again. A job still active under a live
 * lock (its user waiting in its worker's line) is left alone by `revive`. Rows are read along the
 * (status, created_at) index; written rows from the oldest one not yet confirmed (kept from the
 * previous pass), so a pass does not rescan everything confirmed long ago.
 */
export function startReconciler(options: ReconcilerOptions): {
  /** One pass now; resolves with how many submissions it found waiting for their user to hear back. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
} {
  const intervalMs = options.intervalMs ?? 5_000;
  const olderThanMs = options.olderThanMs ?? 15_000;
  const limit = options.limit ?? 1_000;
  /** Written rows created before this are all confirmed (as of the last pass). */
  let confirmedBefore = new Date(0);
  let running: Promise<number> | null = null;
  let stopped = false;

  async function runOnce(): Promise<number> {
    const cutoff = new Date(Date.now() - olderThanMs);
    const rows = await findUnsettledSubmissions(options.prisma, { cutoff, since: confirmedBefore, limit });
    const found = await reconcile(options, rows, cutoff);
    confirmedBefore = nextWatermark(rows, cutoff);
    return found;
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

/**
 * One pass over the rows found: records the ones marked as told, revives the jobs of the rest that
 * were processed before `cutoff` (one processed since may still be in its worker's line).
 */
async function reconcile(
  options: ReconcilerOptions,
  rows: { pending: UnsettledSubmission[]; unconfirmed: UnsettledSubmission[] },
  cutoff: Date,
): Promise<number> {
  const due = rows.unconfirmed
    .filter((r) => r.processedAt !== null && r.processedAt < cutoff)
    .map((r) => r.id);
  const told = await options.told(due);
  if (told.size > 0) await options.record([...told]);
  const untold = due.filter((id) => !told.has(id));
  const ids = [...rows.pending.map((r) => r.id), ...untold];
  if (ids.length > 0) {
    const revived = await options.revive(ids);
    options.logger?.info(
      { pending: rows.pending.length, unconfirmed: untold.length, recorded: told.size, ...revived },
      'reconciler revived submissions',
    );
    if (revived.orphaned > 0) {
      options.logger?.warn(
        { orphaned: revived.orphaned },
        'active jobs whose worker is gone; stalled check run',
      );
    }
  }
  return ids.length;
}

/**
 * Where the next pass starts reading written rows: no later than the oldest row still unsettled —
 * PENDING (it may become an unconfirmed written row) or written and unconfirmed, however recently it
 * was processed. (Moving past a row processed after `cutoff` lost it for good if its user was then
 * never told: the intermittent failure of queue-reconciler.test.ts.)
 */
function nextWatermark(
  rows: { pending: UnsettledSubmission[]; unconfirmed: UnsettledSubmission[] },
  cutoff: Date,
): Date {
  const oldest = [rows.pending[0]?.createdAt, rows.unconfirmed[0]?.createdAt, cutoff];
  return new Date(Math.min(...oldest.filter((d) => d !== undefined).map((d) => d.getTime())));
}

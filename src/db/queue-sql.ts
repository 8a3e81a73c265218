/**
 * The submission queue's statements on the `submission` outbox table: the confirmation record, the
 * reconciler's look for rows whose user may never hear back, and the counts of `seleksi status`.
 * Every value is a bound parameter.
 */
import type { PrismaClient } from './client.ts';

/**
 * Records that the users of submissions `$1` (text[]) were told at `$2` (rows told before keep
 * their time). Its commit is asynchronous (synchronous_commit off for this statement only): the
 * user was told already and a Redis mark says so (src/queue/confirmation-marks.ts), so a flushed WAL
 * record (a disk flush, about 6 ms here) buys nothing; only a crash of Postgres itself within
 * ~200 ms (wal_writer_delay) together with the loss of the mark can make a re-run tell again.
 */
export const MARK_CONFIRMED_SQL = `UPDATE submission SET confirmed_at = ($2::timestamptz AT TIME ZONE 'UTC')
  FROM (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit
 WHERE id = ANY($1::text[]) AND confirmed_at IS NULL`;

/** A row the reconciler looks at: its id, when it was made and (once written) processed. */
export interface UnsettledSubmission {
  id: string;
  createdAt: Date;
  processedAt: Date | null;
}

/**
 * Rows created before `cutoff` whose user may not have heard back, oldest first, read along the
 * (status, created_at) index: still PENDING, and written (DONE, or FAILED = refused) with no
 * confirmed_at, created at or after `since`. Written rows are returned however recently they were
 * processed: the caller needs them to know where to start the next time.
 */
export async function findUnsettledSubmissions(
  prisma: PrismaClient,
  input: { cutoff: Date; since: Date; limit: number },
): Promise<{ pending: UnsettledSubmission[]; unconfirmed: UnsettledSubmission[] }> {
  const select = { id: true, createdAt: true, processedAt: true } as const;
  const [pending, unconfirmed] = await Promise.all([
    prisma.submission.findMany({
      where: { status: 'PENDING', createdAt: { lt: input.cutoff } },
      select,
      orderBy: { createdAt: 'asc' },
      take: input.limit,
    }),
    prisma.submission.findMany({
      where: {
        status: { in: ['DONE', 'FAILED'] },
        createdAt: { gte: input.since, lt: input.cutoff },
        confirmedAt: null,
      },
      select,
      orderBy: { createdAt: 'asc' },
      take: input.limit,
    }),
  ]);
  return { pending, unconfirmed };
}

/** A submission refused by a rule or invalid (status FAILED), as `seleksi status` lists it. */
export interface FailedSubmissionRow {
  id: string;
  kind: string;
  seleksiId: string;
  error: string | null;
  createdAt: string;
}

/**
 * How many submissions are still PENDING, and the newest `limit` FAILED ones (of one seleksi when
 * `seleksiId` is given).
 */
export async function loadSubmissionCounts(
  prisma: PrismaClient,
  input: { seleksiId?: string | undefined; limit: number },
): Promise<{ pendingSubmissions: number; failedSubmissions: FailedSubmissionRow[] }> {
  const where = input.seleksiId ? { seleksiId: input.seleksiId } : {};
  const [pendingSubmissions, failedRows] = await Promise.all([
    prisma.submission.count({ where: { ...where, status: 'PENDING' } }),
    prisma.submission.findMany({
      where: { ...where, status: 'FAILED' },
      orderBy: { createdAt: 'desc' },
      take: input.limit,
      select: { id: true, kind: true, seleksiId: true, error: true, createdAt: true },
    }),
  ]);
  return {
    pendingSubmissions,
    failedSubmissions: failedRows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
  };
}

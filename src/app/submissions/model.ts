/** The submission processor's public contract: what it returns, what it needs, how it fails. */

export type { SubmissionKindName } from '../../core/names.ts';

import type pg from 'pg';
import type { ChannelName } from '../../core/messages.ts';
import type { SubmissionKindName } from '../../core/names.ts';
import type { PrismaClient } from '../../db/client.ts';
import type { Locale } from '../../flow-engine/api.ts';
import type { SubmissionOutcome } from '../ports.ts';

/** One submission after processing, with what the worker needs to tell the user. */
export interface ProcessedSubmission {
  submissionId: string;
  kind: SubmissionKindName;
  outcome: SubmissionOutcome;
  /** False when it had been processed before: the stored outcome is returned, nothing written. */
  fresh: boolean;
  /** The chat the submission came from. */
  to: { channel: ChannelName; chatId: string };
  locale: Locale;
  /** The user has already been sent the confirmation (submission.confirmed_at is set). */
  confirmed: boolean;
}

/** The submission id does not exist (the job refers to nothing; retrying cannot help). */
export class SubmissionNotFoundError extends Error {
  override name = 'SubmissionNotFoundError';
  constructor(readonly submissionId: string) {
    super(`Submission ${submissionId} does not exist`);
  }
}

export interface SubmissionProcessor {
  /** Processes one submission (idempotent). Rejections are outcomes; database errors throw. */
  process(submissionId: string): Promise<SubmissionOutcome>;
  /**
   * Processes several submissions in one transaction. Ids that do not exist are absent from the
   * result. Throws (and writes nothing) on a database error.
   */
  processBatch(submissionIds: readonly string[]): Promise<Map<string, ProcessedSubmission>>;
  /**
   * Records that the users were told (confirmed_at), so a re-run does not confirm twice. The queue
   * writes it in batches behind its Redis marks; committed asynchronously (see MARK_CONFIRMED_SQL).
   */
  markConfirmed(submissionIds: readonly string[]): Promise<void>;
}

export interface SubmissionProcessorDeps {
  prisma: PrismaClient;
  /**
   * A node-postgres pool on the same database and schema (`createPgPool(DATABASE_URL)`). When
   * given, the batch transactions run on it instead of Prisma: the same SQL at a fraction of the
   * CPU per row, which is what the worker's throughput hangs on.
   */
  pool?: pg.Pool;
  /** Clock for processedAt / submittedAt. @defaultValue `() => new Date()` */
  now?: () => Date;
  /** Called after the transaction committed, before anything else happens (fault tests). */
  afterCommit?: (submissionIds: readonly string[]) => void;
}

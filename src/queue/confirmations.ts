import { confirmationText, type ProcessedSubmission } from '../app/process-submission.ts';
import type { Notifier } from '../channels/core/adapter.ts';
import type { Logger } from '../log.ts';
import type { ConfirmationMarks } from './confirmation-marks.ts';

/** Options of {@link createConfirmer}. */
export interface ConfirmerOptions {
  notifier: Notifier;
  /** Records that the users of these submissions were told (submission.confirmed_at). */
  record(submissionIds: readonly string[]): Promise<void>;
  /** Whether that record exists already (read just before each send). */
  isRecorded(submissionId: string): Promise<boolean>;
  /**
   * Marks in Redis set right after each send (the worker's). With them the next message goes out
   * as soon as its predecessor's mark is set, and the Postgres records follow in batches; without
   * them each record is committed before the next send.
   */
  marks?: ConfirmationMarks | undefined;
  logger?: Logger | undefined;
}

/** Wait before recording again after a failed background record (Postgres away). */
const RETRY_RECORD_MS = 1_000;

/** Tells users that their submission was processed, one message at a time. */
export interface Confirmer {
  /**
   * Sends the confirmation of `submission` and records it, after every confirmation asked for
   * before it. Throws when the message could not be sent (or an earlier one could not be recorded),
   * so the job retries; resolves once the user was told.
   */
  confirm(submission: ProcessedSubmission): Promise<void>;
  /** Waits for the confirmations in line, then records what is still unrecorded. */
  flush(): Promise<void>;
}

/**
 * The confirmations of one process go out one at a time, and each is recorded (confirmed_at,
 * committed) before the next one is sent. So a crash at any moment leaves at most one user told
 * but not recorded — told again when the job runs again —, never a whole batch, and a user is
 * never left untold: the record comes only after the send.
 *
 * Just before each send the record is read again: a job that ran twice (its lock lost while its
 * worker was starved of CPU) finds its user told by the other run and tells nobody. Only two runs
 * reaching that moment together, in two processes, can still both send.
 *
 * With marks (the worker's), the read before a send and the record after it are a Redis key each,
 * and the Postgres records follow in batches in the background: a dead worker leaves the marks, so
 * the re-run of its jobs (a DONE row with confirmed_at NULL, found by the reconciler) records
 * instead of telling. Only a Redis flush together with a crash can tell a user twice.
 *
 * A record that fails (Postgres away) is kept and written before the next send; until it is, no
 * further confirmation goes out (those jobs fail and retry), so even then at most one message is
 * unrecorded. A job of this process that runs again for a submission told but not yet recorded
 * records it instead of telling the user again.
 */
export function createConfirmer(options: ConfirmerOptions): Confirmer {
  const { notifier, logger, marks } = options;
  /** Told, not yet recorded in Postgres: at most one submission without marks. */
  const unrecorded = new Set<string>();
  let line: Promise<void> = Promise.resolve();
  /** The Postgres record in flight (with marks: one at a time, each taking all that waits). */
  let recording: Promise<void> | null = null;

  async function recordUnrecorded(): Promise<void> {
    if (unrecorded.size === 0) return;
    const ids = [...unrecorded];
    await options.record(ids);
    for (const id of ids) unrecorded.delete(id);
  }

  /** With marks: records in the background, batched; what was marked meanwhile goes in the next. */
  function recordLater(): void {
    if (recording) return;
    let failed = false;
    recording = recordUnrecorded()
      .catch((error: unknown) => {
        failed = true;
        logger?.warn({ err: error, count: unrecorded.size }, 'confirmations marked, not recorded yet');
      })
      .finally(() => {
        recording = null;
        if (unrecorded.size === 0) return;
        // Marked meanwhile: the next batch at once; after a failure, a second later.
        if (failed) setTimeout(recordLater, RETRY_RECORD_MS).unref();
        else recordLater();
      });
  }

  async function toldAlready(id: string): Promise<boolean> {
    if (unrecorded.has(id)) return true;
    // The batch that wrote the row read its record already; a mark is what a concurrent run leaves.
    return marks ? marks.has(id) : options.isRecorded(id);
  }

  async function tell(submission: ProcessedSubmission): Promise<void> {
    const id = submission.submissionId;
    // Without marks, nothing more is sent until the last send is recorded (throws while Postgres is away).
    if (!marks) await recordUnrecorded();
    // Told already by a run of the same job here or elsewhere (it ran twice: its lock was lost).
    if (await toldAlready(id)) {
      unrecorded.add(id);
      if (marks) recordLater();
      else await recordUnrecorded();
      return;
    }
    await notifier.send(submission.to, [{ text: confirmationText(submission.outcome, submission.locale) }]);
    unrecorded.add(id);
    if (marks) {
      try {
        await marks.set(id);
        recordLater();
        return;
      } catch (error) {
        // Redis away: the Postgres record must come before the next send.
        logger?.warn({ err: error, submissionId: id }, 'confirmation mark not set; recording it now');
      }
    }
    await recordUnrecorded().catch((error: unknown) => {
      // The user was told; the record is written before the next send (or at flush).
      logger?.warn({ err: error, submissionId: id }, 'confirmation sent but not recorded yet');
    });
  }

  return {
    confirm(submission) {
      const turn = line.then(() => tell(submission));
      line = turn.catch(() => undefined);
      return turn;
    },
    async flush() {
      await line;
      await recording;
      await recordUnrecorded().catch((error: unknown) => {
        // At worst a re-run tells these users again.
        logger?.warn({ err: error, count: unrecorded.size }, 'could not record confirmations');
      });
    },
  };
}

import { confirmationText, type ProcessedSubmission } from '../app/process-submission.ts';
import type { Notifier } from '../core/ports.ts';
import type { Logger } from '../log.ts';

/** Options of {@link createConfirmer}. */
export interface ConfirmerOptions {
  notifier: Notifier;
  /** Records that the users of these submissions were told (submission.confirmed_at). */
  record(submissionIds: readonly string[]): Promise<void>;
  /** Whether that record exists already (read just before each send). */
  isRecorded(submissionId: string): Promise<boolean>;
  logger?: Logger | undefined;
}

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
 * A record that fails (Postgres away) is kept and written before the next send; until it is, no
 * further confirmation goes out (those jobs fail and retry), so even then at most one message is
 * unrecorded. A job of this process that runs again for a submission told but not yet recorded
 * records it instead of telling the user again.
 */
export function createConfirmer(options: ConfirmerOptions): Confirmer {
  const { notifier, logger } = options;
  /** Told, not yet recorded: at most one submission, or the ones of a failed record. */
  const unrecorded = new Set<string>();
  let line: Promise<void> = Promise.resolve();

  async function recordUnrecorded(): Promise<void> {
    if (unrecorded.size === 0) return;
    const ids = [...unrecorded];
    await options.record(ids);
    for (const id of ids) unrecorded.delete(id);
  }

  async function tell(submission: ProcessedSubmission): Promise<void> {
    const id = submission.submissionId;
    const toldAlready = unrecorded.has(id);
    // Throws while Postgres is away: nothing more is sent until the last send is recorded.
    await recordUnrecorded();
    // Told already by a run of the same job here or elsewhere (it ran twice: its lock was lost).
    if (toldAlready || (await options.isRecorded(id))) return;
    await notifier.send(submission.to, [{ text: confirmationText(submission.outcome, submission.locale) }]);
    unrecorded.add(id);
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
      await recordUnrecorded().catch((error: unknown) => {
        // At worst a re-run tells these users again.
        logger?.warn({ err: error, count: unrecorded.size }, 'could not record confirmations');
      });
    },
  };
}

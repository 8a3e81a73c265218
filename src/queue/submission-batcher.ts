import { createMicroBatcher } from '../app/micro-batch.ts';
import {
  type ProcessedSubmission,
  SubmissionNotFoundError,
  type SubmissionProcessor,
} from '../app/process-submission.ts';
import type { Notifier } from '../core/ports.ts';
import type { Logger } from '../log.ts';
import type { ConfirmationMarks } from './confirmation-marks.ts';
import { createConfirmer } from './confirmations.ts';

/** Options of {@link createSubmissionBatcher}. */
export interface SubmissionBatcherOptions {
  processor: SubmissionProcessor;
  notifier: Notifier;
  /** Redis marks of told users (see createConfirmer). */
  marks: ConfirmationMarks;
  logger?: Logger;
  /** Most submissions written in one transaction. @defaultValue 100 */
  maxBatch?: number;
  /** Transactions running at once in this process. @defaultValue 2 */
  maxInFlight?: number;
  /** How long told users are gathered before a Postgres record (createConfirmer). @defaultValue 50 */
  recordEveryMs?: number;
  /** Called after each batch transaction (size and milliseconds), e.g. for metrics. */
  onBatch?: (info: { size: number; ms: number }) => void;
}

/** One submission's end in a batch: written, or the error its job fails with. */
type Settled = { ok: true; value: ProcessedSubmission } | { ok: false; error: unknown };

/**
 * Groups the submissions of concurrently running jobs into one transaction each (createMicroBatcher:
 * no fixed wait, while a batch is being written the next one fills up), then tells the users through
 * the confirmer: one message at a time, each marked in Redis before the next is sent, so a crash
 * repeats at most one confirmation (see createConfirmer). Rows that processBatch read as confirmed
 * (confirmed_at set) skip the line without any round trip. Each job's promise settles with its
 * own submission only after its commit and the message to its user, so BullMQ's per-job retry and
 * idempotency stay as they were: a job whose user could not be told fails and runs again, finds the
 * row written and unconfirmed, and tells the user then.
 */
export function createSubmissionBatcher(options: SubmissionBatcherOptions): {
  submit(submissionId: string): Promise<ProcessedSubmission>;
  /** Waits for the confirmations in line and records them (call before closing the database pool). */
  flush(): Promise<void>;
} {
  const { processor, logger } = options;
  const confirmer = createConfirmer({
    notifier: options.notifier,
    marks: options.marks,
    record: (ids) => processor.markConfirmed(ids),
    recordEveryMs: options.recordEveryMs,
    logger,
  });

  async function run(ids: string[]): Promise<Settled[]> {
    let results: Map<string, ProcessedSubmission>;
    const started = performance.now();
    try {
      results = await processor.processBatch(ids);
      options.onBatch?.({ size: ids.length, ms: performance.now() - started });
    } catch (error) {
      if (ids.length === 1) return [{ ok: false, error }];
      // One bad row must not hold the others back: write them one by one.
      logger?.warn({ err: error, size: ids.length }, 'batch failed; retrying its submissions one by one');
      const settled: Settled[] = [];
      for (const id of ids) settled.push(...(await run([id])));
      return settled;
    }
    return ids.map((id): Settled => {
      const r = results.get(id);
      return r ? { ok: true, value: r } : { ok: false, error: new SubmissionNotFoundError(id) };
    });
  }

  // A batch's slot is free again as soon as it committed; its confirmations wait in the confirmer.
  const batch = createMicroBatcher(run, {
    maxBatch: options.maxBatch ?? 100,
    maxInFlight: options.maxInFlight ?? 2,
  });

  return {
    async submit(submissionId) {
      const settled = await batch(submissionId);
      if (!settled.ok) throw settled.error;
      const r = settled.value;
      if (!r.confirmed) {
        try {
          await confirmer.confirm(r);
        } catch (error) {
          // Written but not told: the job retries, finds it written and tells the user then.
          logger?.warn({ err: error, submissionId }, 'confirmation not delivered; will retry');
          throw error;
        }
      }
      return r;
    },
    flush: () => confirmer.flush(),
  };
}

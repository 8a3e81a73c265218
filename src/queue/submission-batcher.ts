import { createMicroBatcher } from '../app/micro-batch.ts';
import {
  confirmationText,
  type ProcessedSubmission,
  SubmissionNotFoundError,
  type SubmissionProcessor,
} from '../app/process-submission.ts';
import type { Notifier } from '../channels/core/adapter.ts';
import type { Logger } from '../log.ts';

/** Options of {@link createSubmissionBatcher}. */
export interface SubmissionBatcherOptions {
  processor: SubmissionProcessor;
  notifier: Notifier;
  logger?: Logger;
  /** Most submissions written in one transaction. @defaultValue 100 */
  maxBatch?: number;
  /** Transactions running at once in this process. @defaultValue 2 */
  maxInFlight?: number;
  /** Called after each batch transaction (size and milliseconds), e.g. for metrics. */
  onBatch?: (info: { size: number; ms: number }) => void;
}

/** One submission's end in a batch: written and told, or the error its job fails with. */
type Settled = { ok: true; value: ProcessedSubmission } | { ok: false; error: unknown };

/**
 * Groups the submissions of concurrently running jobs into one transaction each (createMicroBatcher:
 * no fixed wait, while a batch is being written the next one fills up), then tells the users. Each
 * job's promise settles with its own submission only after its commit and the message to its user,
 * so BullMQ's per-job retry and idempotency stay as they were.
 *
 * That the users were told is recorded (confirmed_at) in the next batch's transaction, or on its
 * own as soon as no batch is running or waiting, and at `flush()`. A crash after telling but before
 * that record: a job not completed yet runs again, finds the row unconfirmed and tells the user
 * again (at least once, never lost); a completed job loses only the record.
 */
export function createSubmissionBatcher(options: SubmissionBatcherOptions): {
  submit(submissionId: string): Promise<ProcessedSubmission>;
  /** Records the confirmations not recorded yet (call before closing the database pool). */
  flush(): Promise<void>;
} {
  const { processor, notifier, logger } = options;
  /** Told but not yet recorded as confirmed. */
  let toRecord: string[] = [];
  let flushing: Promise<void> = Promise.resolve();

  function flush(): Promise<void> {
    const ids = toRecord;
    toRecord = [];
    if (ids.length > 0) {
      flushing = flushing.then(() =>
        processor.markConfirmed(ids).catch((error: unknown) => {
          // The users were told; at worst a re-run tells them again. Not worth failing anything.
          logger?.warn({ err: error, count: ids.length }, 'could not record confirmations');
        }),
      );
    }
    return flushing;
  }

  async function run(ids: string[]): Promise<Settled[]> {
    let results: Map<string, ProcessedSubmission>;
    const started = performance.now();
    const confirmed = toRecord;
    toRecord = [];
    try {
      results = await processor.processBatch(ids, { confirmed });
      options.onBatch?.({ size: ids.length, ms: performance.now() - started });
    } catch (error) {
      // Rolled back with the batch: record them on their own (not again with the retries below).
      toRecord.push(...confirmed);
      void flush();
      if (ids.length === 1) return [{ ok: false, error }];
      // One bad row must not hold the others back: write them one by one.
      logger?.warn({ err: error, size: ids.length }, 'batch failed; retrying its submissions one by one');
      const settled: Settled[] = [];
      for (const id of ids) settled.push(...(await run([id])));
      return settled;
    }
    return Promise.all(
      ids.map(async (id): Promise<Settled> => {
        const r = results.get(id);
        if (!r) return { ok: false, error: new SubmissionNotFoundError(id) };
        if (!r.confirmed) {
          try {
            await notifier.send(r.to, [{ text: confirmationText(r.outcome, r.locale) }]);
            toRecord.push(id);
          } catch (error) {
            // Written but not told: the job retries, finds it written and tells the user then.
            logger?.warn({ err: error, submissionId: id }, 'confirmation not delivered; will retry');
            return { ok: false, error };
          }
        }
        return { ok: true, value: r };
      }),
    );
  }

  const batch = createMicroBatcher(run, {
    maxBatch: options.maxBatch ?? 100,
    maxInFlight: options.maxInFlight ?? 2,
    // Nothing running or waiting: no next transaction to carry the confirmations, record them now.
    onIdle: () => {
      if (toRecord.length > 0) void flush();
    },
  });

  return {
    async submit(submissionId) {
      const settled = await batch(submissionId);
      if (!settled.ok) throw settled.error;
      return settled.value;
    },
    flush,
  };
}

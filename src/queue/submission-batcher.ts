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

interface Waiter {
  id: string;
  resolve(result: ProcessedSubmission): void;
  reject(error: unknown): void;
}

/**
 * Groups the submissions of concurrently running jobs into one transaction each (no fixed wait:
 * while a batch is being written the next one fills up), then tells the users. Each job's promise
 * settles with its own submission only after its commit and the message to its user, so BullMQ's
 * per-job retry and idempotency stay as they were.
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
  const maxBatch = options.maxBatch ?? 100;
  const maxInFlight = options.maxInFlight ?? 2;
  const queue: Waiter[] = [];
  let inFlight = 0;
  let scheduled = false;
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

  /** Nothing running or waiting: no next transaction to carry the confirmations, record them now. */
  function flushIfIdle(): void {
    if (inFlight === 0 && queue.length === 0 && toRecord.length > 0) void flush();
  }

  function schedule(): void {
    if (scheduled || inFlight >= maxInFlight || queue.length === 0) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      while (inFlight < maxInFlight && queue.length > 0) {
        const batch = queue.splice(0, maxBatch);
        inFlight++;
        void run(batch).finally(() => {
          inFlight--;
          schedule();
          flushIfIdle();
        });
      }
    });
  }

  async function run(batch: Waiter[]): Promise<void> {
    let results: Map<string, ProcessedSubmission>;
    const started = performance.now();
    const confirmed = toRecord;
    toRecord = [];
    try {
      results = await processor.processBatch(
        batch.map((w) => w.id),
        { confirmed },
      );
      options.onBatch?.({ size: batch.length, ms: performance.now() - started });
    } catch (error) {
      // Rolled back with the batch: record them on their own (not again with the retries below).
      toRecord.push(...confirmed);
      void flush();
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      // One bad row must not hold the others back: write them one by one.
      logger?.warn({ err: error, size: batch.length }, 'batch failed; retrying its submissions one by one');
      for (const w of batch) await run([w]);
      return;
    }
    const done: { w: Waiter; r: ProcessedSubmission }[] = [];
    await Promise.all(
      batch.map(async (w) => {
        const r = results.get(w.id);
        if (!r) {
          w.reject(new SubmissionNotFoundError(w.id));
          return;
        }
        if (!r.confirmed) {
          try {
            await notifier.send(r.to, [{ text: confirmationText(r.outcome, r.locale) }]);
            toRecord.push(w.id);
          } catch (error) {
            // Written but not told: the job retries, finds it written and tells the user then.
            logger?.warn({ err: error, submissionId: w.id }, 'confirmation not delivered; will retry');
            w.reject(error);
            return;
          }
        }
        done.push({ w, r });
      }),
    );
    for (const { w, r } of done) w.resolve(r);
  }

  return {
    submit(submissionId) {
      return new Promise<ProcessedSubmission>((resolve, reject) => {
        queue.push({ id: submissionId, resolve, reject });
        schedule();
      });
    },
    flush,
  };
}

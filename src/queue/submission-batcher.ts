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
 * while a batch is being written the next one fills up), then tells the users and records that
 * they were told. Each job's promise settles with its own submission only after its commit and its
 * confirmation, so BullMQ's per-job retry and idempotency stay as they were.
 */
export function createSubmissionBatcher(options: SubmissionBatcherOptions): {
  submit(submissionId: string): Promise<ProcessedSubmission>;
} {
  const { processor, notifier, logger } = options;
  const maxBatch = options.maxBatch ?? 100;
  const maxInFlight = options.maxInFlight ?? 2;
  const queue: Waiter[] = [];
  let inFlight = 0;
  let scheduled = false;

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
        });
      }
    });
  }

  async function run(batch: Waiter[]): Promise<void> {
    let results: Map<string, ProcessedSubmission>;
    const started = performance.now();
    try {
      results = await processor.processBatch(batch.map((w) => w.id));
      options.onBatch?.({ size: batch.length, ms: performance.now() - started });
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      // One bad row must not hold the others back: write them one by one.
      logger?.warn({ err: error, size: batch.length }, 'batch failed; retrying its submissions one by one');
      for (const w of batch) await run([w]);
      return;
    }
    const told: string[] = [];
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
            told.push(w.id);
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
    try {
      await processor.markConfirmed(told);
    } catch (error) {
      // The users were told; at worst a re-run tells them again. Not worth failing the jobs.
      logger?.warn({ err: error, count: told.length }, 'could not record confirmations');
    }
    for (const { w, r } of done) w.resolve(r);
  }

  return {
    submit(submissionId) {
      return new Promise<ProcessedSubmission>((resolve, reject) => {
        queue.push({ id: submissionId, resolve, reject });
        schedule();
      });
    },
  };
}

/** Options of {@link createMicroBatcher}. */
export interface MicroBatchOptions {
  /** Most items in one batch. @defaultValue 200 */
  maxBatch?: number;
  /** Batches running at once; items that arrive meanwhile wait for the next one. @defaultValue 2 */
  maxInFlight?: number;
  /** Called when a batch ends and no other batch runs or waits. */
  onIdle?: () => void;
}

/**
 * Groups items submitted at about the same moment into one call of `run` (no fixed wait: an item
 * goes out on the next turn of the event loop if a slot is free, and while every slot is busy the
 * next batch fills up). `run` gets the items in submission order and resolves with one result per
 * item, in the same order; when it throws, every item of the batch is rejected with that error.
 */
export function createMicroBatcher<I, O>(
  run: (items: I[]) => Promise<O[]>,
  options: MicroBatchOptions = {},
): (item: I) => Promise<O> {
  const maxBatch = options.maxBatch ?? 200;
  const maxInFlight = options.maxInFlight ?? 2;
  const queue: { item: I; resolve(value: O): void; reject(error: unknown): void }[] = [];
  let inFlight = 0;
  let scheduled = false;

  function schedule(): void {
    if (scheduled || inFlight >= maxInFlight || queue.length === 0) return;
    scheduled = true;
    setImmediate(flush);
  }

  function flush(): void {
    scheduled = false;
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      inFlight++;
      run(batch.map((w) => w.item))
        .then((results) => {
          if (results.length !== batch.length) {
            throw new Error(`batch of ${batch.length} gave ${results.length} results`);
          }
          for (const [i, w] of batch.entries()) w.resolve(results[i]!);
        })
        .catch((error: unknown) => {
          for (const w of batch) w.reject(error);
        })
        .finally(() => {
          inFlight--;
          schedule();
          if (inFlight === 0 && queue.length === 0) options.onIdle?.();
        });
    }
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      schedule();
    });
}
